/**
 * WeCom's callback crypto (path/91144) against published vectors: the signature of the doc's 举例说明 (token
 * QDG6eK, timestamp 1409659589, nonce 263014780, as quoted by several SDKs, e.g. docs.rs wechat-crypto) and
 * a ciphertext from the same crate's example (random "1234567890123456", message "test", receive id "rust",
 * padded to 32 bytes). WeCom's own page gives no plaintext for its echostr, so the rest are round trips.
 */
import { describe, expect, it } from "vitest";
import {
  CallbackCryptoError,
  callbackKeys,
  decodeEncodingAesKey,
  decrypt,
  encrypt,
  signature,
  signatureMatches,
} from "../../../src/wecom/callback-crypto";

const AES = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aQ";
const keys = callbackKeys("QDG6eK", AES);

describe("WeCom callback crypto", () => {
  it("signs like the doc's example: sha1 of the sorted token, timestamp, nonce and ciphertext", () => {
    const echostr =
      "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
    expect(signature("QDG6eK", "1409659589", "263014780", echostr)).toBe(
      "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
    );
    expect(
      signatureMatches(keys, "5C45FF5E21C57E6AD56BAC8758B79B1D9AC89FD3", "1409659589", "263014780", echostr),
    ).toBe(true);
    expect(
      signatureMatches(keys, "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4", "1409659589", "263014780", echostr),
    ).toBe(false);
    expect(signatureMatches(keys, "short", "1409659589", "263014780", echostr)).toBe(false);
  });

  it("decrypts the published ciphertext: 16 random bytes, length, message, receive id, PKCS#7 to 32 bytes", () => {
    expect(decrypt(keys, "9s4gMv99m88kKTh/H8IdkNiFGeG9pd7vNWl50fGRWXY=")).toEqual({
      message: "test",
      receiveId: "rust",
    });
    // …and encrypting with the same random prefix gives the same bytes (one 32-byte block: padding 4).
    expect(encrypt(keys, "test", "rust", Buffer.from("1234567890123456"))).toBe(
      "9s4gMv99m88kKTh/H8IdkNiFGeG9pd7vNWl50fGRWXY=",
    );
  });

  it("round-trips Chinese XML and pads to 32-byte blocks (a full block of padding when already aligned)", () => {
    const msg =
      "<xml><ToUserName><![CDATA[ww5a1d0c0ffee00001]]></ToUserName><Name><![CDATA[财务审批]]></Name></xml>";
    const c = encrypt(keys, msg, "ww5a1d0c0ffee00001");
    expect(Buffer.from(c, "base64").length % 32).toBe(0);
    expect(decrypt(keys, c)).toEqual({ message: msg, receiveId: "ww5a1d0c0ffee00001" });
    // 16 + 4 + 8 + 4 = 32 bytes of plaintext: 32 bytes of padding follow.
    expect(Buffer.from(encrypt(keys, "12345678", "corp"), "base64").length).toBe(64);
  });

  it("refuses a wrong key, a truncated or non-Base64 ciphertext, and malformed keys and tokens", () => {
    const other = callbackKeys("QDG6eK", "a".repeat(43));
    const c = encrypt(keys, "<xml/>", "corp");
    expect(() => decrypt(other, c)).toThrow(CallbackCryptoError);
    expect(() => decrypt(keys, c.slice(0, 10))).toThrow(CallbackCryptoError);
    expect(() => decrypt(keys, "not base64!")).toThrow(CallbackCryptoError);
    expect(() => decodeEncodingAesKey("short")).toThrow(/43 letters and digits/);
    expect(() => callbackKeys("bad token!", AES)).toThrow(/Token/);
    expect(decodeEncodingAesKey(AES)).toHaveLength(32);
  });
});
