// An address the portal has no page for.
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { usePageTitle } from '../page.ts';

export function NotFound(): ReactNode {
  usePageTitle('Page not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. Go to the <Link href="/">home page</Link> or the <Link href="/help">help pages</Link>.
      </p>
    </>
  );
}
