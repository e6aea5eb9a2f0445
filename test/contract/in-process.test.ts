/** The client ⇄ sandbox contract, against the sandbox's in-process HTTP server (suite.ts). */
import "./suite";
