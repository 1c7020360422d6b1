/** The top line of every staff page: home, who is signed in, and sign-out. */
export function StaffNav({ name, userId }: { name: string; userId: string }) {
  return (
    <nav class="staff" aria-label="Staff">
      <a href="/">Home</a>
      <span class="meta">
        Signed in as {name} ({userId})
      </span>
      <a href="/signout">Sign out</a>
    </nav>
  );
}

export const STAFF_NAV_CSS = `nav.staff{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:baseline;border-bottom:1px solid #e3e3e3;padding-bottom:8px;margin-bottom:12px}`;
