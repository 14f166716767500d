import ImageCodecs
import Testing

/// One crop for colour and gray images: the rectangle asked for, clamped to the image,
/// never empty, each pixel the source's.
@Suite struct CropTests {
  @Test(arguments: [1, 3])
  func aCropIsTheSourcesPixels(channels: Int) throws {
    let image = try JPEGCodec.decode(try fixture("progressive.jpg"), channels: channels, limits: roomy).image
    let c = image.channels
    for (x, y, w, h) in [(5, 7, 20, 11), (image.width - 10, image.height - 5, 50, 50), (-3, -4, 8, 9), (0, 0, 0, 0)] {
      let crop = image.cropped(x: x, y: y, width: w, height: h)
      let x0 = max(0, min(x, image.width - 1)), y0 = max(0, min(y, image.height - 1))
      #expect(crop.width == max(1, min(w, image.width - x0)) && crop.height == max(1, min(h, image.height - y0)))
      for (px, py) in [(0, 0), (crop.width - 1, crop.height - 1), (crop.width / 2, crop.height / 3)] {
        for k in 0..<c {
          #expect(crop.pixels[(py * crop.width + px) * c + k] == image.pixels[((y0 + py) * image.width + x0 + px) * c + k])
        }
      }
      if c == 1 {
        let gray = GrayImage(image).cropped(x: x, y: y, width: w, height: h)
        #expect(gray.width == crop.width && gray.height == crop.height && gray.pixels == crop.pixels)
      }
    }
  }
}
