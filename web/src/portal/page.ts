// Each portal page names itself in the window title (WCAG 2.4.2), so tabs, history and screen readers tell pages apart.
import { useDocumentTitle } from '../shared/navigation.ts';

export const usePageTitle = (title: string): void => useDocumentTitle(`${title} — Clearway`);
