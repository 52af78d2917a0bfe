// What a single-page app must do by hand at each move to another page: name the page in the window title (WCAG
// 2.4.2), and start the keyboard and the screen reader at its heading, or at the section the address names.
import { useEffect, useRef } from 'react';
import { useLocation } from 'wouter';

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}

const focusOn = (el: HTMLElement) => {
  if (!el.hasAttribute('tabindex')) el.tabIndex = -1;
  el.focus({ preventScroll: true });
};

/** After a move to another page (not the first load): focus and scroll to `#section` if the address has one, else the page's h1 (or main). */
export function useFocusOnNavigation(): void {
  const [location] = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const hash = decodeURIComponent(window.location.hash.slice(1));
    const section = hash ? document.getElementById(hash) : null;
    if (section) {
      section.scrollIntoView();
      focusOn(section);
      return;
    }
    window.scrollTo(0, 0);
    const target = document.querySelector<HTMLElement>('main h1') ?? document.querySelector<HTMLElement>('main');
    if (target) focusOn(target);
  }, [location]);
}
