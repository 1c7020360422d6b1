import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDirectoryFile } from "../../functions/adapters/aws/directory-file";
import { createDirectory, type DirectoryData, directorySchema } from "../../functions/app/directory";

const FILE = resolve(import.meta.dirname, "../../infra/local/directory.json");
const dir = loadDirectoryFile(FILE);
const none = new Set<string>();
const raw = (): DirectoryData => directorySchema.parse(JSON.parse(readFileSync(FILE, "utf8")));

describe("directory: who is asked at each stage", () => {
  it("asks the primary seat on the first attempt and the backup after a timeout", () => {
    expect(dir.approversFor("GZ-TIANHE", "MANAGER", 1)).toEqual(["mgr.wang"]);
    expect(dir.approversFor("GZ-TIANHE", "MANAGER", 2)).toEqual(["mgr.zhao"]);
    expect(dir.approversFor("GZ-TIANHE", "BRANCH_CREDIT", 1)).toEqual(["bc.liu"]);
    expect(dir.approversFor("GZ-TIANHE", "HEAD_OFFICE", 2)).toEqual(["ho.qian"]);
  });

  it("asks the whole committee roster, and the alternates on a later attempt", () => {
    expect(dir.approversFor("GZ-TIANHE", "COMMITTEE", 1)).toEqual(["cm.a", "cm.b", "cm.c", "cm.d", "cm.e"]);
    expect(dir.approversFor("GZ-TIANHE", "COMMITTEE", 2, none)).toEqual(["cm.f", "cm.g"]);
  });

  it("falls back to the backup when four-eyes exclusions empty a one-person stage", () => {
    expect(dir.eligibleApprovers("GZ-TIANHE", "MANAGER", 1, new Set(["rm.chen", "mgr.wang"]))).toEqual({
      ok: true,
      approvers: ["mgr.zhao"],
      fallback: true,
    });
    expect(dir.eligibleApprovers("GZ-TIANHE", "MANAGER", 1, new Set(["rm.chen"]))).toEqual({
      ok: true,
      approvers: ["mgr.wang"],
      fallback: false,
    });
  });

  it("seats alternates for excluded committee members so the committee keeps its size", () => {
    const result = dir.eligibleApprovers("GZ-TIANHE", "COMMITTEE", 1, new Set(["cm.b", "cm.d"]));
    expect(result).toEqual({ ok: true, approvers: ["cm.a", "cm.c", "cm.e", "cm.f", "cm.g"], fallback: true });
  });

  it("reports NO_ELIGIBLE_APPROVER when primary and backup are both excluded", () => {
    const excluded = new Set(["ho.zhang", "ho.qian"]);
    expect(dir.eligibleApprovers("GZ-TIANHE", "HEAD_OFFICE", 1, excluded)).toEqual({
      ok: false,
      reason: "NO_ELIGIBLE_APPROVER",
    });
    expect(dir.approversFor("GZ-TIANHE", "HEAD_OFFICE", 1, excluded)).toEqual([]);
  });

  it("reports an unknown branch instead of guessing", () => {
    expect(dir.eligibleApprovers("XX-NOWHERE", "MANAGER", 1, none)).toEqual({
      ok: false,
      reason: "UNKNOWN_BRANCH",
    });
    expect(dir.approversFor("XX-NOWHERE", "MANAGER", 1)).toEqual([]);
    expect(dir.creditAdmins("XX-NOWHERE")).toEqual([]);
  });
});

describe("directory: users and roles", () => {
  it("knows e-mail addresses and names, and falls back to the id for an unknown name", () => {
    expect(dir.emailOf("mgr.wang")).toBe("mgr.wang@bank.example");
    expect(dir.emailOf("nobody")).toBeUndefined();
    expect(dir.nameOf("mgr.wang")).toBe("Wang Wei");
    expect(dir.nameOf("nobody")).toBe("nobody");
  });

  it("lists every role a user holds, per branch, with backup seats marked", () => {
    expect(dir.rolesOf("mgr.zhao")).toEqual([
      { role: "MANAGER", branch: "GZ-TIANHE", backup: true },
      { role: "MANAGER", branch: "SZ-FUTIAN", backup: true },
    ]);
    expect(dir.rolesOf("rm.chen")).toEqual([{ role: "RM", branch: "GZ-TIANHE", backup: false }]);
    expect(dir.rolesOf("au.he")).toEqual([{ role: "AUDITOR", backup: false }]);
    expect(dir.rolesOf("nobody")).toEqual([]);
  });

  it("answers role checks per branch", () => {
    expect(dir.hasRole("mgr.wang", "GZ-TIANHE", "MANAGER")).toBe(true);
    expect(dir.hasRole("mgr.wang", "SZ-FUTIAN", "MANAGER")).toBe(false);
    expect(dir.hasRole("ca.ma", "SZ-FUTIAN", "CREDIT_ADMIN")).toBe(true);
    expect(dir.hasRole("au.he", "GZ-TIANHE", "AUDITOR")).toBe(true);
    expect(dir.creditAdmins("SZ-FUTIAN")).toEqual(["ca.ma", "ca.feng"]);
  });
});

describe("directory: validation at load", () => {
  function write(data: unknown): string {
    const path = join(mkdtempSync(join(tmpdir(), "directory-")), "directory.json");
    writeFileSync(path, JSON.stringify(data));
    return path;
  }

  it("rejects a seat held by someone missing from users", () => {
    const data = raw();
    const { "bc.liu": _gone, ...users } = data.users;
    expect(() => loadDirectoryFile(write({ ...data, users }))).toThrow(
      expect.objectContaining({ code: "DIRECTORY_INVALID" }),
    );
  });

  it("rejects a backup who is also the primary of the same stage", () => {
    const data = raw();
    const branch = data.branches["GZ-TIANHE"];
    if (!branch) throw new Error("fixture lost its branch");
    const broken = { ...data, branches: { "GZ-TIANHE": { ...branch, managerBackup: "mgr.wang" } } };
    expect(directorySchema.safeParse(broken).success).toBe(false);
  });

  it("rejects an unreadable file with a stable code", () => {
    expect(() => loadDirectoryFile("/nonexistent/directory.json")).toThrow(
      expect.objectContaining({ code: "DIRECTORY_UNREADABLE" }),
    );
  });

  it("builds the same directory from data as from the file", () => {
    expect(createDirectory(raw()).approversFor("SZ-FUTIAN", "MANAGER", 1)).toEqual(["mgr.lin"]);
  });
});
