// Reading a pass at the door: the QR code from the camera, and the pass it holds checked
// offline, as the server checks it (`entry::EntryKeys::verify`): the Ed25519 signature against
// the key the pass names, and its audience. What the roster says is `door.js`'s part.

// A QR holds a few hundred bytes; anything much longer is not a pass.
const MAX_PASS_LENGTH = 2048;

function base64url(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

function json(part) {
  return JSON.parse(new TextDecoder().decode(base64url(part)));
}

// The claims of a pass signed with one of `keys` (kid → CryptoKey) for the door, or null.
export async function verifiedClaims(text, keys) {
  if (text.length > MAX_PASS_LENGTH) return null;
  const parts = text.split(".");
  if (parts.length !== 3) return null;
  let header, claims, signature;
  try {
    header = json(parts[0]);
    claims = json(parts[1]);
    signature = base64url(parts[2]);
  } catch {
    return null;
  }
  const key = keys.get(header.kid);
  if (header.alg !== "EdDSA" || header.crit || !key || signature.length !== 64) return null;
  const signed = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  if (!(await crypto.subtle.verify({ name: "Ed25519" }, key, signature, signed))) return null;
  if (claims.aud !== "entry" || typeof claims.sub !== "string") return null;
  return claims;
}

// How the roster names an admitted pass: the first 16 bytes of the SHA-256 of the QR's content.
export async function passHash(text) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest.slice(0, 16))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// The browser's own QR reader where there is one; otherwise jsQR, loaded only on this page.
export async function decoder(root) {
  if ("BarcodeDetector" in window) {
    try {
      if ((await BarcodeDetector.getSupportedFormats()).includes("qr_code")) {
        const detector = new BarcodeDetector({ formats: ["qr_code"] });
        return async (video) => {
          const codes = await detector.detect(video);
          return codes.length ? codes[0].rawValue : null;
        };
      }
    } catch {
      // Fall through to jsQR.
    }
  }
  if (!window.jsQR) {
    await new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = `${root}/jsqr.js`;
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
  }
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    // The middle of the frame, at most 720 px wide: enough for a pass held at arm's length,
    // and a quarter of the pixels of a full HD frame.
    const scale = Math.min(1, 720 / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    return code ? code.data : null;
  };
}

