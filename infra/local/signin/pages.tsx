import type { Directory } from "../../../functions/app/directory";
import { Layout } from "../../../functions/shared/html/layout";
import { Notice } from "../../../functions/shared/html/notice";
import { renderDocument } from "../../../functions/shared/html/render";
import { roleWords } from "../../../functions/shared/html/roles";
import { CSRF_FIELD } from "../../../functions/shared/session";

const CSS = `.users{list-style:none;padding:0;margin:0}.users li{margin:0 0 8px}
.users button{width:100%;text-align:left;display:block}.users .meta{display:block}`;

/**
 * The local sign-in page: every user of the directory, one button each. There is no password: it
 * exists only in the embedded runtime, which listens on loopback; on AWS Cognito signs people in.
 */
export function signInPage(directory: Directory, next: string, csrf: string): string {
  return renderDocument(
    <Layout title="Sign in (local)" css={CSS}>
      <h1>Sign in</h1>
      <Notice kind="warn">
        Local runtime only: anyone on this machine may sign in as anyone. On AWS staff sign in through the
        bank's Cognito sign-in page.
      </Notice>
      <form method="post" action="/signin">
        <input type="hidden" name={CSRF_FIELD} value={csrf} />
        <input type="hidden" name="next" value={next} />
        <ul class="users">
          {directory.users().map((id) => (
            <li>
              <button type="submit" name="user" value={id}>
                {directory.nameOf(id)}{" "}
                <span class="meta">{`${id} · ${roleWords(directory.rolesOf(id))}`}</span>
              </button>
            </li>
          ))}
        </ul>
      </form>
    </Layout>,
  );
}

/** GET /signout: a confirmation button, since a GET never changes anything. */
export function signOutPage(csrf: string): string {
  return renderDocument(
    <Layout title="Sign out">
      <h1>Sign out</h1>
      <form method="post" action="/signout">
        <input type="hidden" name={CSRF_FIELD} value={csrf} />
        <div class="actions">
          <button type="submit">Sign out</button>
        </div>
      </form>
    </Layout>,
  );
}
