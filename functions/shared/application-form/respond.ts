import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Directory } from "../../app/directory";
import { notice } from "../html/layout";
import { type BodyRead, readFormBody } from "../http/request";
import { html } from "../http/responses";
import { csrfMatches, pageCsrf } from "../session";
import { applicationFormPage, type FormPageView } from "./page";
import type { FormState } from "./values";

type Reply = APIGatewayProxyStructuredResultV2;

/** The branches where the caller is a relationship manager: the only ones they may submit for. */
export function rmBranches(directory: Pick<Directory, "rolesOf">, caller: string): string[] {
  return directory.rolesOf(caller).flatMap((g) => (g.role === "RM" && g.branch ? [g.branch] : []));
}

export function notAnRm(caller: string): Reply {
  return html(
    403,
    notice(
      "bad",
      "Only relationship managers file applications",
      `${caller} is not a relationship manager of any branch.`,
    ),
  );
}

/** A form post of a staff page: refused (nothing done) unless it carries the CSRF cookie's token. */
export function readStaffForm(event: APIGatewayProxyEventV2): BodyRead<URLSearchParams> {
  const form = readFormBody(event);
  if (!form.ok) return form;
  if (!csrfMatches(event, form.value))
    return {
      ok: false,
      response: html(
        403,
        notice(
          "bad",
          "Nothing was done",
          "The form had expired or did not come from this site. Open the page again.",
        ),
      ),
    };
  return form;
}

/** The form page, with a CSRF cookie when the browser has none yet. */
export function formReply(
  event: APIGatewayProxyEventV2,
  directory: Directory,
  caller: string,
  state: FormState,
  status: number,
  extra: Pick<FormPageView, "problems" | "preview" | "message"> &
    Partial<Pick<FormPageView, "title" | "submitAction">>,
): Reply {
  const csrf = pageCsrf(event);
  const reply = html(
    status,
    applicationFormPage({
      title: extra.title ?? "New application",
      submitAction: extra.submitAction ?? "/cases/new",
      user: { id: caller, name: directory.nameOf(caller) },
      branches: rmBranches(directory, caller),
      state,
      csrf: csrf.token,
      ...(extra.problems ? { problems: extra.problems } : {}),
      ...(extra.preview ? { preview: extra.preview } : {}),
      ...(extra.message ? { message: extra.message } : {}),
    }),
  );
  return csrf.cookies.length > 0 ? { ...reply, cookies: csrf.cookies } : reply;
}
