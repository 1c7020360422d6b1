import { describe, expect, it } from "vitest";
import { uploadProblem } from "../../functions/app/workflow/documents";

const PDF = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");

describe("what may be attached", () => {
  it("takes a PDF that is one, and names the problem of anything else", () => {
    expect(
      uploadProblem({ name: "statements.pdf", contentType: "application/pdf", bytes: PDF }, 1024),
    ).toBeUndefined();
    expect(uploadProblem({ name: "x.pdf", contentType: "application/pdf", bytes: PDF }, 4)).toMatch(
      /larger than 4 bytes/,
    );
    expect(
      uploadProblem({ name: "x.exe", contentType: "application/x-msdownload", bytes: PDF }, 1024),
    ).toMatch(/only PDF, PNG image, JPEG image, Excel workbook files/);
    expect(
      uploadProblem(
        { name: "x.pdf", contentType: "application/pdf", bytes: new TextEncoder().encode("MZ...") },
        1024,
      ),
    ).toBe("the file is not a PDF although it says so");
    expect(
      uploadProblem({ name: "a\u202Egpj.pdf", contentType: "application/pdf", bytes: PDF }, 1024),
    ).toMatch(/bidirectional/);
    expect(uploadProblem({ name: "", contentType: "application/pdf", bytes: PDF }, 1024)).toBe(
      "choose a file to attach",
    );
    expect(
      uploadProblem({ name: "e.pdf", contentType: "application/pdf", bytes: new Uint8Array() }, 1024),
    ).toBe("the file is empty");
  });
});
