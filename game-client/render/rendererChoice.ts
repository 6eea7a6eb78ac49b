import Phaser from "phaser";

/** Renderer strings of WebGL implemented on the CPU (no GPU, or a blocklisted driver). */
const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

/**
 * Which Phaser renderer to use. `?renderer=webgl` or `?renderer=canvas` in the page URL force
 * one. Otherwise WebGL (Phaser.AUTO) unless the browser's WebGL is software-rendered: then
 * Canvas 2D is several times cheaper (measured in headless Chromium with SwiftShader: ~1.6 CPU
 * cores at ~30 fps for WebGL, ~0.2 cores at 60 fps for Canvas), so the game stays smooth.
 */
export function chooseRenderer(search: string = window.location.search): number {
  const forced = new URLSearchParams(search).get("renderer");
  if (forced === "webgl") return Phaser.WEBGL;
  if (forced === "canvas") return Phaser.CANVAS;
  return isSoftwareWebGL() ? Phaser.CANVAS : Phaser.AUTO;
}

function isSoftwareWebGL(): boolean {
  try {
    const canvas = document.createElement("canvas");
    const gl = (canvas.getContext("webgl2") ?? canvas.getContext("webgl")) as WebGLRenderingContext | null;
    if (!gl) return false; // Phaser.AUTO falls back to Canvas by itself
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return SOFTWARE_GL.test(renderer);
  } catch {
    return false;
  }
}
