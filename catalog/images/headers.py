"""Which format an image file really is, and its size, read from the header alone.

Nothing here decodes pixels: the dimensions come from a few bytes at the start
of the file (PNG's IHDR, JPEG's start-of-frame, GIF's screen and first frame,
WebP's VP8/VP8L/VP8X chunk), so a decompression bomb is measured before
anything, Pillow included, allocates memory for it.
"""

import struct


def sniff_format(data):
    """The accepted format the bytes really are (by their signature), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _png_dimensions(data):
    # The IHDR chunk must come first: length, b"IHDR", width, height.
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


# Start-of-frame markers carry the frame size; C4, C8 and CC are other segments.
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_dimensions(data):
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            position += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image or start of scan before any frame
            return None
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if marker in _JPEG_SOF:
            if position + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return width, height
        position += 2 + length
    return None


def _gif_dimensions(data):
    """The logical screen, grown to hold the first frame as Pillow grows it."""
    if len(data) < 13:
        return None
    width, height = struct.unpack("<HH", data[6:10])
    flags = data[10]
    position = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    while position < len(data):
        block = data[position]
        if block == 0x21:  # extension: label, then sub-blocks until an empty one
            position += 2
            while position < len(data) and data[position]:
                position += data[position] + 1
            position += 1
        elif block == 0x2C:  # image descriptor: left, top, width, height
            if position + 9 > len(data):
                return None
            left, top, frame_width, frame_height = struct.unpack(
                "<HHHH", data[position + 1 : position + 9]
            )
            return max(width, left + frame_width), max(height, top + frame_height)
        else:
            return None
    return None


def _webp_dimensions(data):
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        (bits,) = struct.unpack("<I", data[21:25])
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    return None


_DIMENSION_READERS = {
    "PNG": _png_dimensions,
    "JPEG": _jpeg_dimensions,
    "GIF": _gif_dimensions,
    "WEBP": _webp_dimensions,
}


def read_dimensions(image_format, data):
    """(width, height) from the file header, without decoding; None if unreadable."""
    return _DIMENSION_READERS[image_format](data)
