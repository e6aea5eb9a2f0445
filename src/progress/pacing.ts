/** A progress line's view of the WeCom client's waits (src/wecom/pacing.ts): why it waits, and until when. */
import type { PaceListener, PaceWaitEvent } from "../wecom/pacing";
import { ENDPOINTS } from "../wecom/wire";
import type { ProgressSink } from "./progress";
import { backoff, frequencyBlock, perMinuteLimit } from "./reasons";

/** "user/get" for `/cgi-bin/user/get`. */
function apiName(e: PaceWaitEvent): string {
  return ENDPOINTS[e.endpoint].path.replace(/^\/cgi-bin\//, "");
}

/** Shows each long wait of the client on `sink` with its reason and countdown, and clears it after. */
export function pacingSink(sink: ProgressSink): PaceListener {
  return {
    waiting(e) {
      const api = apiName(e);
      const reason =
        e.cause === "pace"
          ? perMinuteLimit(api, e.perMinute)
          : e.cause === "blocked"
            ? frequencyBlock(api)
            : backoff();
      sink.waiting(reason, e.untilMs);
    },
    resumed() {
      sink.resumed();
    },
  };
}
