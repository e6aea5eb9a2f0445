/**
 * Before a command starts pulumi or reads the tenant: is `wecom:baseUrl` reachable? When it is not, one
 * message in both languages naming the URL and the key to fix (never a secret), instead of pulumi's JSON
 * and one network error per resource.
 */
import type { ProviderConfig } from "../provider/config";
import { zh } from "../text";
import { displayUrl, unreachableReason } from "../wecom/reachability";

/** The message for an unreachable `wecom:baseUrl` (English line, then Chinese), or undefined. */
export async function unreachableTenant(cfg: Pick<ProviderConfig, "baseUrl">): Promise<string | undefined> {
  const why = await unreachableReason(cfg.baseUrl);
  if (!why) return undefined;
  const url = displayUrl(cfg.baseUrl);
  return (
    `WeCom is not reachable at ${url} (wecom:baseUrl): ${why.en}. Check the stack's wecom:baseUrl (\`pulumi config get wecom:baseUrl\`) or WECOM_BASE_URL, and that this machine can reach that address.\n` +
    zh`无法连接企业微信${url}（wecom:baseUrl）：${why.zh}。请检查堆栈的wecom:baseUrl（\`pulumi config get wecom:baseUrl\`）或WECOM_BASE_URL，以及本机能否访问该地址。`
  );
}
