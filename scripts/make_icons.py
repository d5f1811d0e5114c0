#!/usr/bin/env python3
"""Draws the app icons (public/icons/*.png) from the shapes of public/icon.svg.

Plain Python (zlib) so nobody needs an image tool: run it again after changing the design.
Maskable and Apple icons fill the square (the platform rounds them); the glyph of the maskable
one stays inside the central 80% safe zone.
"""
import struct
import zlib
from pathlib import Path

BRAND = (0x0B, 0x4F, 0x6C)
WHITE = (0xFF, 0xFF, 0xFF)
ACCENT = (0xC8, 0x55, 0x3D)
OUT = Path(__file__).resolve().parent.parent / "public" / "icons"


def shapes(x, y, rounded, badge=False):
    """Colour at (x, y) in the SVG's 64×64 space, or None outside the icon."""
    if badge:
        # A notification badge is a silhouette: the glyph alone, white on transparent.
        colour = shapes(x, y, False)
        return WHITE if colour in (WHITE, ACCENT) else None
    if rounded:
        r = 14
        cx = min(max(x, r), 64 - r)
        cy = min(max(y, r), 64 - r)
        if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
            return None
    if (x - 46) ** 2 + (y - 44) ** 2 <= 49:
        return ACCENT
    if 18 <= x <= 46 and (20 <= y <= 26 or 30 <= y <= 36):
        return WHITE
    if 18 <= x <= 36 and 40 <= y <= 46:
        return WHITE
    return BRAND


def draw(size, rounded=True, safe=1.0, badge=False):
    ss = 3
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(ss):
                for sx in range(ss):
                    # Map into the icon space, shrinking the glyph into the safe zone if asked.
                    u = ((px + (sx + 0.5) / ss) / size - 0.5) / safe * 64 + 32
                    v = ((py + (sy + 0.5) / ss) / size - 0.5) / safe * 64 + 32
                    inside = 0 <= u <= 64 and 0 <= v <= 64
                    if badge:
                        colour = shapes(u, v, False, badge=True) if inside else None
                    else:
                        colour = shapes(u, v, rounded) if inside else (None if rounded else BRAND)
                    if colour is not None:
                        acc[0] += colour[0]
                        acc[1] += colour[1]
                        acc[2] += colour[2]
                        acc[3] += 255
            n = ss * ss
            alpha = acc[3] // n
            if alpha:
                row += bytes([acc[0] * 255 // acc[3], acc[1] * 255 // acc[3], acc[2] * 255 // acc[3], alpha])
            else:
                row += bytes([0, 0, 0, 0])
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "badge-96.png").write_bytes(draw(96, False, 1.4, badge=True))
    for name, size, rounded, safe in [
        ("icon-96.png", 96, True, 1.0),
        ("icon-192.png", 192, True, 1.0),
        ("icon-512.png", 512, True, 1.0),
        ("icon-maskable-512.png", 512, False, 0.8),
        ("apple-touch-icon.png", 180, False, 0.9),
    ]:
        (OUT / name).write_bytes(draw(size, rounded, safe))
        print(OUT / name)
