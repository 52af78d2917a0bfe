// Each console page names itself in the window title (WCAG 2.4.2).
import { useDocumentTitle } from '../shared/navigation.ts';

export const useConsoleTitle = (title: string): void => useDocumentTitle(`${title} · Clearway console`);
