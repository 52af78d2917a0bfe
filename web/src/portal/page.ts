// Each page names itself in the window title (WCAG 2.4.2), so tabs, history and screen readers tell pages apart.
import { useEffect } from 'react';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — Clearway`;
  }, [title]);
}
