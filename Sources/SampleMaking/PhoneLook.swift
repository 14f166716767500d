import Foundation
import ImageCodecs

/// What a phone makes of a flat page: the page seen slightly from the side (a perspective
/// warp onto a table), light that falls off across it, sensor noise; then a JPEG.
public enum PhoneLook {
  public struct Options {
    public var width: Int
    public var height: Int
    /// How far (fraction of the size) each corner may move: the perspective.
    public var tilt = 0.03
    /// How much of the frame the page fills.
    public var fill = 0.9
    public var noise = 2.0
    /// Darkest corner, relative to the brightest.
    public var falloff = 0.84
    public var exposure = 1.0
    /// Gaussian blur (pixels at the output size) for an out-of-focus shot; 0 for sharp.
    public var blur = 0.0
    /// The page turned in the frame (degrees, clockwise), about its centre.
    public var rotation = 0.0

    public init(
      width: Int, height: Int, tilt: Double = 0.03, fill: Double = 0.9, noise: Double = 2.0, falloff: Double = 0.84,
      exposure: Double = 1.0, blur: Double = 0.0, rotation: Double = 0.0
    ) {
      self.width = width
      self.height = height
      self.tilt = tilt
      self.fill = fill
      self.noise = noise
      self.falloff = falloff
      self.exposure = exposure
      self.blur = blur
      self.rotation = rotation
    }
  }

  public static func photograph(_ page: DecodedImage, _ o: Options, seed: UInt64) -> DecodedImage {
    var noise = Noise(state: seed)
    let W = Double(o.width), H = Double(o.height)
    // Fit the page in the frame, then move each corner a little.
    let scale = min(W * o.fill / Double(page.width), H * o.fill / Double(page.height))
    let pw = Double(page.width) * scale, ph = Double(page.height) * scale
    let x0 = (W - pw) / 2, y0 = (H - ph) / 2
    func jitter() -> Double { noise.range(-o.tilt, o.tilt) * min(W, H) }
    let turn = o.rotation * .pi / 180, cx = W / 2, cy = H / 2
    func turned(_ p: (Double, Double)) -> (Double, Double) {
      let dx = p.0 - cx, dy = p.1 - cy
      return (cx + dx * cos(turn) - dy * sin(turn), cy + dx * sin(turn) + dy * cos(turn))
    }
    let quad = [
      (x0 + jitter(), y0 + jitter()), (x0 + pw + jitter(), y0 + jitter()),
      (x0 + pw + jitter(), y0 + ph + jitter()), (x0 + jitter(), y0 + ph + jitter()),
    ].map(turned)
    let src = [(0.0, 0.0), (Double(page.width), 0.0), (Double(page.width), Double(page.height)), (0.0, Double(page.height))]
    let h = homography(from: quad, to: src)
    let light = (x: noise.range(0, W), y: noise.range(0, H))
    let reach = sqrt(W * W + H * H)
    let table = (noise.range(95, 130), noise.range(80, 105), noise.range(60, 85))
    var out = [UInt8](repeating: 0, count: o.width * o.height * 3)
    let c = page.channels
    page.pixels.withUnsafeBufferPointer { p in
      out.withUnsafeMutableBufferPointer { dst in
        for y in 0..<o.height {
          let fy = Double(y) + 0.5
          for x in 0..<o.width {
            let fx = Double(x) + 0.5
            let w = h[6] * fx + h[7] * fy + h[8]
            let sx = (h[0] * fx + h[1] * fy + h[2]) / w - 0.5, sy = (h[3] * fx + h[4] * fy + h[5]) / w - 0.5
            var rgb: (Double, Double, Double)
            if sx >= 0, sy >= 0, sx < Double(page.width - 1), sy < Double(page.height - 1) {
              let ix = Int(sx), iy = Int(sy), tx = sx - Double(ix), ty = sy - Double(iy)
              func at(_ k: Int) -> Double {
                let a = Double(p[(iy * page.width + ix) * c + k]), b = Double(p[(iy * page.width + ix + 1) * c + k])
                let d = Double(p[((iy + 1) * page.width + ix) * c + k]), e = Double(p[((iy + 1) * page.width + ix + 1) * c + k])
                return (a * (1 - tx) + b * tx) * (1 - ty) + (d * (1 - tx) + e * tx) * ty
              }
              rgb = c == 3 ? (at(0), at(1), at(2)) : (at(0), at(0), at(0))
            } else {
              rgb = table
            }
            let dx = fx - light.x, dy = fy - light.y
            let shade = o.exposure * (1 - (1 - o.falloff) * min(1, sqrt(dx * dx + dy * dy) / reach * 1.4))
            let grain = noise.gaussian() * o.noise
            let i = (y * o.width + x) * 3
            dst[i] = UInt8(max(0, min(255, rgb.0 * shade + grain)))
            dst[i + 1] = UInt8(max(0, min(255, rgb.1 * shade + grain)))
            dst[i + 2] = UInt8(max(0, min(255, rgb.2 * shade + grain)))
          }
        }
      }
    }
    let shot = DecodedImage(width: o.width, height: o.height, channels: 3, pixels: out)
    return o.blur > 0 ? blurred(shot, sigma: o.blur) : shot
  }

  /// The 3×3 matrix (row-major) taking each `from` point to its `to` point.
  public static func homography(from: [(Double, Double)], to: [(Double, Double)]) -> [Double] {
    var a = [[Double]](repeating: [Double](repeating: 0, count: 9), count: 8)
    for i in 0..<4 {
      let (x, y) = from[i], (u, v) = to[i]
      a[2 * i] = [x, y, 1, 0, 0, 0, -u * x, -u * y, u]
      a[2 * i + 1] = [0, 0, 0, x, y, 1, -v * x, -v * y, v]
    }
    // Gauss–Jordan elimination with partial pivoting.
    for col in 0..<8 {
      let pivot = (col..<8).max { abs(a[$0][col]) < abs(a[$1][col]) }!
      a.swapAt(col, pivot)
      for r in 0..<8 where r != col {
        let f = a[r][col] / a[col][col]
        for k in col..<9 { a[r][k] -= f * a[col][k] }
      }
    }
    return (0..<8).map { a[$0][8] / a[$0][$0] } + [1]
  }

  /// Camera shake: each pixel the mean of `length` pixels along a straight line at
  /// `degrees` from the rows (a linear motion blur), the line's samples at whole-pixel
  /// offsets, clamped at the borders.
  public static func shaken(_ image: DecodedImage, length: Int, degrees: Double) -> DecodedImage {
    let n = max(1, length)
    let angle = degrees * .pi / 180
    let offsets = (0..<n).map { k -> (Int, Int) in
      let t = Double(k) - Double(n - 1) / 2
      return (Int((t * cos(angle)).rounded()), Int((t * sin(angle)).rounded()))
    }
    let w = image.width, h = image.height, c = image.channels
    var out = [UInt8](repeating: 0, count: image.pixels.count)
    image.pixels.withUnsafeBufferPointer { src in
      for y in 0..<h {
        for x in 0..<w {
          for ch in 0..<c {
            var sum = 0
            for (dx, dy) in offsets {
              let sx = min(w - 1, max(0, x + dx)), sy = min(h - 1, max(0, y + dy))
              sum += Int(src[(sy * w + sx) * c + ch])
            }
            out[(y * w + x) * c + ch] = UInt8((sum + n / 2) / n)
          }
        }
      }
    }
    return DecodedImage(width: w, height: h, channels: c, pixels: out)
  }

  /// Separable Gaussian blur.
  public static func blurred(_ image: DecodedImage, sigma: Double) -> DecodedImage {
    let radius = Int((3 * sigma).rounded(.up))
    var kernel = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
    let total = kernel.reduce(0, +)
    kernel = kernel.map { $0 / total }
    let w = image.width, h = image.height, c = image.channels
    var tmp = [Double](repeating: 0, count: image.pixels.count)
    var out = [UInt8](repeating: 0, count: image.pixels.count)
    for y in 0..<h {
      for x in 0..<w {
        for ch in 0..<c {
          var s = 0.0
          for j in 0..<kernel.count {
            s += kernel[j] * Double(image.pixels[(y * w + min(w - 1, max(0, x + j - radius))) * c + ch])
          }
          tmp[(y * w + x) * c + ch] = s
        }
      }
    }
    for y in 0..<h {
      for x in 0..<w {
        for ch in 0..<c {
          var s = 0.0
          for j in 0..<kernel.count { s += kernel[j] * tmp[(min(h - 1, max(0, y + j - radius)) * w + x) * c + ch] }
          out[(y * w + x) * c + ch] = UInt8(max(0, min(255, s.rounded())))
        }
      }
    }
    return DecodedImage(width: w, height: h, channels: c, pixels: out)
  }
}
