/**
 * The exit codes of every `wecom-policy` command: one table, one meaning per code (DESIGN §8: a usage
 * mistake never shares a code with a result). README's "Exit codes" table is this table
 * (test/unit/docs/exit-codes.test.ts); test/unit/cli/exit-codes.test.ts runs every command of the
 * commander program with an unknown flag and expects {@link EXIT.usage}.
 *
 * 64 for usage is EX_USAGE of BSD's sysexits.h, so it cannot be mistaken for a result or for Node's own
 * exit 1 on a crash.
 */
import type { Bilingual } from "../text";

export const EXIT = {
  /** Done; in sync; no mandatory control fails; the archive or evidence is intact. */
  ok: 0,
  /** The command could not finish (tenant unreachable, configuration missing, pulumi failed…). */
  error: 1,
  /** The check ran and does not pass: drift, a failing mandatory control, policy files with problems. */
  failed: 2,
  /** The operation-log archive or an audit's evidence was changed after it was written. */
  tampered: 3,
  /** A usage mistake: unknown command or flag, a bad flag value, a missing flag. Nothing ran. */
  usage: 64,
} as const;

export type ExitName = keyof typeof EXIT;
export type ExitCode = (typeof EXIT)[ExitName];

/** What each code means and which commands return it, in both languages: README's table. */
export const EXIT_MEANINGS: Readonly<Record<ExitName, Bilingual & { commands: string }>> = {
  ok: {
    en: "success: the work is done; in sync (`drift`); no mandatory control fails (`validate`, `audit`); the archive or evidence is intact (`logs verify`, `audit --from-evidence`)",
    zh: "成功：已完成；一致（drift）；无强制控制项未通过（validate、audit）；归档或证据完好（logs verify、audit --from-evidence）",
    commands: "all",
  },
  error: {
    en: "the command could not finish: the tenant or its `wecom:baseUrl` unreachable, a configuration key missing, pulumi failed, a stack not found, nothing to verify, an import that would write",
    zh: "命令未能完成：租户或 wecom:baseUrl 不可达、缺少配置项、pulumi 失败、找不到堆栈、没有可校验的归档、导入需要写入",
    commands: "all",
  },
  failed: {
    en: "the check ran and does not pass: drift or a failing mandatory control (`drift`), a failing mandatory control (`audit`), policy files with problems or a failing mandatory control (`validate`)",
    zh: "检查已运行但未通过：发现漂移或强制控制项未通过（drift）、强制控制项未通过（audit）、策略文件有问题或强制控制项未通过（validate）",
    commands: "`validate`, `audit`, `drift`",
  },
  tampered: {
    en: "the operation-log archive (`logs verify`) or an audit's evidence directory (`audit --from-evidence`) was changed after it was written",
    zh: "操作日志归档（logs verify）或审计证据目录（audit --from-evidence）在写入后被改动",
    commands: "`logs verify`, `audit --from-evidence`",
  },
  usage: {
    en: "a usage mistake: unknown command or flag (`drift --stak prod`), a bad flag value (`--lang fr`), a missing flag; nothing ran",
    zh: "用法错误：未知命令或选项（drift --stak prod）、选项值无效（--lang fr）、缺少选项；未执行任何操作",
    commands: "all",
  },
};

/** README's exit-code table, exactly (a test compares it). */
export function exitCodeTable(): string {
  const rows = (Object.keys(EXIT) as ExitName[]).map((name) => {
    const m = EXIT_MEANINGS[name];
    return `| ${EXIT[name]} | ${m.en} | ${m.zh} | ${m.commands} |`;
  });
  return ["| exit | meaning | 含义 | commands |", "|---|---|---|---|", ...rows].join("\n");
}

/** One line for `--help`: `0 ok, 1 error, …`. */
export function exitCodeSummary(): string {
  const words: Record<ExitName, string> = {
    ok: "ok",
    error: "error",
    failed: "the check fails (drift, a mandatory control, invalid policies)",
    tampered: "archive or evidence altered",
    usage: "usage mistake",
  };
  return (Object.keys(EXIT) as ExitName[]).map((n) => `${EXIT[n]} ${words[n]}`).join(", ");
}
