/**
 * Case images: the real type is read from the bytes, never from the name or the Content-Type;
 * the image is decoded within a pixel limit (a decompression bomb is refused before it is
 * decoded), turned upright by its EXIF orientation, and re-encoded without any metadata (EXIF,
 * GPS, camera serials, XMP, ICC comments), so that nothing but pixels is stored.
 */
import sharp, { type Metadata } from 'sharp';

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

export interface CleanImage {
  data: Buffer;
  mimeType: ImageMime;
  extension: 'jpg' | 'png' | 'webp';
  width: number;
  height: number;
}

export class ImageRejected extends Error {
  constructor(
    readonly status: 415 | 422,
    readonly code: 'UNSUPPORTED_MEDIA_TYPE' | 'BAD_IMAGE',
    message: string,
  ) {
    super(message);
  }
}

const ACCEPTED = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
const EXTENSION = { jpeg: 'jpg', png: 'png', webp: 'webp' } as const;

/** Whether the bytes start as a JPEG, PNG or WebP file does. */
function looksAccepted(input: Buffer): boolean {
  const jpeg = input[0] === 0xff && input[1] === 0xd8 && input[2] === 0xff;
  const png = input.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const webp = input.subarray(0, 4).toString('latin1') === 'RIFF' && input.subarray(8, 12).toString('latin1') === 'WEBP';
  return jpeg || png || webp;
}

export async function cleanImage(input: Buffer, maxPixels: number): Promise<CleanImage> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    if (looksAccepted(input)) throw new ImageRejected(422, 'BAD_IMAGE', 'The image could not be read: it is damaged or truncated.');
    throw new ImageRejected(415, 'UNSUPPORTED_MEDIA_TYPE', 'The file is not an image. Send a JPEG, PNG or WebP image.');
  }
  const format = meta.format as string;
  if (!(format in ACCEPTED)) {
    throw new ImageRejected(415, 'UNSUPPORTED_MEDIA_TYPE', `A ${format} image is not accepted. Send a JPEG, PNG or WebP image.`);
  }
  const kind = format as keyof typeof ACCEPTED;
  if (!meta.width || !meta.height || meta.width * meta.height > maxPixels) {
    throw new ImageRejected(422, 'BAD_IMAGE', `The image is too large: at most ${maxPixels} pixels (width × height).`);
  }
  try {
    // sharp drops every metadata block unless asked to keep it; rotate() first applies the
    // EXIF orientation, which would otherwise be lost with the EXIF block.
    const pipeline = sharp(input, { limitInputPixels: maxPixels, failOn: 'error' }).rotate();
    const encoded = kind === 'jpeg' ? pipeline.jpeg({ quality: 85, mozjpeg: true }) : kind === 'png' ? pipeline.png() : pipeline.webp({ quality: 85 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { data, mimeType: ACCEPTED[kind], extension: EXTENSION[kind], width: info.width, height: info.height };
  } catch {
    throw new ImageRejected(422, 'BAD_IMAGE', 'The image could not be decoded: it is damaged or truncated.');
  }
}
