/**
 * history reads a commit's attestation evidence (protection.yaml) from that commit, not from the working
 * tree (review of issue 14): a file edited or deleted since, and not committed, changes nothing in what a
 * commit is judged to have held.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Git } from "../../../src/history/git";
import { PolicyRevisions } from "../../../src/history/run";
import { ScriptedRepo } from "./git-repo";

const FILE = "policies/evidence/watermark-2026-11-20.txt";
const sha = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");

describe("history: attestation evidence at the commit", () => {
  let repo: ScriptedRepo;
  let first: string;
  let committed: string;
  beforeAll(() => {
    repo = new ScriptedRepo();
    first = repo.commit("demo policies", 1);
    // The evidence replaced by a binary file in the second commit; the working tree changes it once more.
    committed = sha(fs.readFileSync(repo.path(FILE)));
    fs.writeFileSync(repo.path(FILE), Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a]));
    repo.commit("new watermark evidence (binary)", 2);
    fs.writeFileSync(repo.path(FILE), "edited, not committed\n");
  });
  afterAll(() => repo?.remove());

  const evidence = async (rev: string) => {
    const r = await new PolicyRevisions(await Git.open(repo.root)).at(rev, "policies");
    if (r.state !== "ok") throw new Error(`revision ${rev} does not load: ${r.state}`);
    return r.model.protection.attestations.find((a) => a.key === "watermark")!.evidence;
  };

  it("hashes each commit's own bytes, binary included", async () => {
    expect((await evidence(first)).actualSha256).toBe(committed);
    expect((await evidence("HEAD")).actualSha256).toBe(sha(Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a])));
  });

  it("a file the commit does not hold is missing there, whatever the working tree has", async () => {
    fs.rmSync(repo.path(FILE));
    repo.commit("evidence removed", 3);
    fs.writeFileSync(repo.path(FILE), "back in the working tree only\n");
    const e = await evidence("HEAD");
    expect(e.actualSha256).toBeNull();
    expect(e.missingReason).toBe("ENOENT");
  });
});
