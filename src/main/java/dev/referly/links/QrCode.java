package dev.referly.links;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.referly.shared.ApiException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** QR codes for short links, as PNG; scans carry {@code ?qr=1} so they count with the "qr" trigger. */
public final class QrCode {
    public static final int DEFAULT_SIZE = 600;
    private static final int MIN_SIZE = 64;
    // 2048 px took ~275 ms of CPU per image on this public route; 1024 takes a quarter of that.
    public static final int MAX_SIZE = 1024;

    private QrCode() {}

    public static byte[] png(String text, int size, String foreground, String background) {
        if (text == null || text.isBlank() || text.length() > 2_000) {
            throw ApiException.invalid("url", "is required and at most 2000 characters");
        }
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw ApiException.invalid("size", "must be between " + MIN_SIZE + " and " + MAX_SIZE);
        }
        int fg = rgb("fgColor", foreground, 0x000000);
        int bg = rgb("bgColor", background, 0xFFFFFF);
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
            BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    image.setRGB(x, y, matrix.get(x, y) ? fg : bg);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (WriterException | IOException e) {
            throw ApiException.invalid("url", "cannot be encoded as a QR code");
        }
    }

    private static int rgb(String field, String hex, int fallback) {
        if (hex == null) {
            return fallback;
        }
        String h = hex.startsWith("#") ? hex.substring(1) : hex;
        if (!h.matches("[0-9a-fA-F]{6}")) {
            throw ApiException.invalid(field, "must be a hex colour such as 000000");
        }
        return Integer.parseInt(h, 16);
    }
}
