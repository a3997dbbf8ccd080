import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SubmitButton } from "@/components/ui/button";

function render(props: { pending: boolean; disabled?: boolean }): string {
  return renderToStaticMarkup(createElement(SubmitButton, { ...props, pendingLabel: "Saving…" }, "Save"));
}

describe("SubmitButton", () => {
  it("cannot be pressed again while its action is on its way, whatever `disabled` says", () => {
    // A form passes disabled={value === saved}: false while the save is pending, which used to win over pending.
    expect(render({ pending: true, disabled: false })).toMatch(/<button[^>]* disabled=""/);
    expect(render({ pending: true })).toMatch(/<button[^>]* disabled=""/);
    expect(render({ pending: true })).toContain("Saving…");
  });

  it("is enabled when idle unless told otherwise", () => {
    expect(render({ pending: false, disabled: false })).not.toMatch(/disabled=""/);
    expect(render({ pending: false, disabled: true })).toMatch(/<button[^>]* disabled=""/);
    expect(render({ pending: false })).toContain(">Save</button>");
  });
});
