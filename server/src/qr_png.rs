//! A QR code as a PNG, for mail (mail programs show PNG; few show SVG): 8-bit greyscale, dark on
//! white, a four-module quiet zone, written by hand (signature, IHDR, one zlib IDAT, IEND) so
//! no image library is needed for one picture.

use crate::error::{Error, Result};

/// Pixels per module: a 77-module pass comes out at 680 × 680, sharp on any screen.
const SCALE: usize = 8;
const QUIET: usize = 4;

pub fn qr_png(text: &str) -> Result<Vec<u8>> {
    let qr = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| Error::Internal(format!("a QR code: {e}")))?;
    let modules = qr.width();
    let dark = qr.to_colors();
    let side = (modules + 2 * QUIET) * SCALE;
    let mut raw = Vec::with_capacity((side + 1) * side);
    for y in 0..side {
        raw.push(0); // filter: none
        for x in 0..side {
            let (mx, my) = (
                (x / SCALE).wrapping_sub(QUIET),
                (y / SCALE).wrapping_sub(QUIET),
            );
            let on = mx < modules && my < modules && dark[my * modules + mx] == qrcode::Color::Dark;
            raw.push(if on { 0 } else { 255 });
        }
    }
    let mut deflate = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut deflate, &raw)
        .map_err(|e| Error::Internal(format!("compressing a QR code: {e}")))?;
    let idat = deflate
        .finish()
        .map_err(|e| Error::Internal(format!("compressing a QR code: {e}")))?;
    let side = u32::try_from(side).map_err(|_| Error::Internal("a QR code too large".into()))?;
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend(side.to_be_bytes());
    ihdr.extend(side.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]); // 8-bit greyscale, deflate, adaptive filters, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", &ihdr), (b"IDAT", &idat), (b"IEND", &Vec::new())] {
        png.extend((data.len() as u32).to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        png.extend(kind);
        png.extend(data);
        png.extend(crc.finalize().to_be_bytes());
    }
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_of_the_right_size_with_a_quiet_zone() {
        let png = qr_png("hello").unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        // Version 1 (21 modules) + 2 × 4 quiet modules, 8 px each.
        let side = u32::from_be_bytes(png[16..20].try_into().unwrap());
        assert_eq!(side, (21 + 8) * 8);
        assert!(
            png.ends_with(&[0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]),
            "IEND"
        );
    }
}
