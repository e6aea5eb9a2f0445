/**
 * WeCom's callback encryption (加解密方案说明, official doc path/91144, updated 2024-07-18; wecom-api.md §13):
 *
 * - `AESKey = Base64_Decode(EncodingAESKey + "=")`: the 43-character EncodingAESKey gives 32 bytes.
 * - AES-256-CBC, IV = the first 16 bytes of AESKey, PKCS#7 padding to a multiple of **32** bytes (not AES's
 *   16: "数据采用PKCS#7填充至32字节的倍数").
 * - Plaintext = 16 random bytes + msg_len (4 bytes, network byte order) + msg + ReceiveId. ReceiveId is the
 *   corp id for a self-built app or the contacts sync (the suite id for third-party apps).
 * - `msg_signature = sha1(sort([token, timestamp, nonce, msg_encrypt]).join(""))`, lexicographic sort, hex.
 *
 * The wire protocol, shared like the wire types (DESIGN §2): `watch` decrypts with it, the sandbox encrypts
 * the callbacks it sends. Pure functions over Node's crypto; no I/O.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** WeCom pads to 32-byte blocks (path/91144). */
const BLOCK = 32;

/** A key, token or message that does not follow WeCom's scheme. `reason` is safe to log: no secret in it. */
export class CallbackCryptoError extends Error {
  override readonly name = "CallbackCryptoError";
}

export interface CallbackKeys {
  token: string;
  /** 32 bytes from the EncodingAESKey. */
  aesKey: Buffer;
}

/** The EncodingAESKey is 43 characters of [A-Za-z0-9] (path/91144); anything else is a configuration mistake. */
export function decodeEncodingAesKey(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey))
    throw new CallbackCryptoError(
      "the EncodingAESKey must be 43 letters and digits (WeCom generates it on the callback settings page)",
    );
  const key = Buffer.from(encodingAesKey + "=", "base64");
  if (key.length !== 32) throw new CallbackCryptoError("the EncodingAESKey does not decode to 32 bytes");
  return key;
}

export function callbackKeys(token: string, encodingAesKey: string): CallbackKeys {
  if (!/^[A-Za-z0-9]{1,32}$/.test(token))
    throw new CallbackCryptoError("the callback Token must be 1–32 letters and digits");
  return { token, aesKey: decodeEncodingAesKey(encodingAesKey) };
}

/** `msg_signature` over the token, timestamp, nonce and the encrypted message (or the encrypted echostr). */
export function signature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return createHash("sha1").update([token, timestamp, nonce, encrypted].sort().join("")).digest("hex");
}

/** Constant-time comparison of a received signature with the expected one. */
export function signatureMatches(
  keys: CallbackKeys,
  given: string,
  timestamp: string,
  nonce: string,
  encrypted: string,
): boolean {
  const want = Buffer.from(signature(keys.token, timestamp, nonce, encrypted), "utf8");
  const got = Buffer.from(given.toLowerCase(), "utf8");
  return got.length === want.length && timingSafeEqual(got, want);
}

export function encrypt(
  keys: CallbackKeys,
  message: string,
  receiveId: string,
  random: Buffer = randomBytes(16),
): string {
  const msg = Buffer.from(message, "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length, 0);
  const plain = Buffer.concat([random, len, msg, Buffer.from(receiveId, "utf8")]);
  const pad = BLOCK - (plain.length % BLOCK);
  const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv("aes-256-cbc", keys.aesKey, keys.aesKey.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString("base64");
}

export interface Decrypted {
  message: string;
  receiveId: string;
}

/** Decrypt `Encrypt` (or `echostr`); throws CallbackCryptoError when it is not a WeCom ciphertext for this key. */
export function decrypt(keys: CallbackKeys, encrypted: string): Decrypted {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted)) throw new CallbackCryptoError("not Base64");
  const data = Buffer.from(encrypted, "base64");
  if (data.length === 0 || data.length % 16 !== 0)
    throw new CallbackCryptoError("the ciphertext is not a whole number of AES blocks");
  const decipher = createDecipheriv("aes-256-cbc", keys.aesKey, keys.aesKey.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = padded[padded.length - 1]!;
  if (pad < 1 || pad > BLOCK || pad > padded.length)
    throw new CallbackCryptoError("bad padding (wrong EncodingAESKey?)");
  for (let i = padded.length - pad; i < padded.length; i++)
    if (padded[i] !== pad) throw new CallbackCryptoError("bad padding (wrong EncodingAESKey?)");
  const plain = padded.subarray(0, padded.length - pad);
  if (plain.length < 20) throw new CallbackCryptoError("the plaintext is too short");
  const len = plain.readUInt32BE(16);
  if (20 + len > plain.length) throw new CallbackCryptoError("the message length exceeds the plaintext");
  return {
    message: plain.subarray(20, 20 + len).toString("utf8"),
    receiveId: plain.subarray(20 + len).toString("utf8"),
  };
}
