/// What the C decoders say about a damaged file (libjpeg, libpng, poppler speak English),
/// in Chinese for the applicant who must act on it. Messages are matched by the stable
/// part of their text; one this table does not know is given as the decoder wrote it,
/// after a Chinese lead-in, so nothing is hidden.
public enum DecoderMessage {
  static let table: [(english: String, chinese: String)] = [
    ("errors while rendering", "PDF 页面内容损坏：渲染时出错"),
    ("the PDF has no pages", "PDF 没有任何页面"),
    ("the page size is not a real size", "PDF 页面尺寸无效"),
    ("page cannot be read", "PDF 页面无法读取"),
    ("Corrupt JPEG data: premature end of data segment", "JPEG 数据损坏：图像数据提前结束（文件不完整）"),
    ("Premature end of JPEG file", "JPEG 文件提前结束（文件不完整，可能上传中断）"),
    ("Corrupt JPEG data: bad Huffman code", "JPEG 数据损坏：霍夫曼编码错误"),
    ("Corrupt JPEG data: bad arithmetic code", "JPEG 数据损坏：算术编码错误"),
    ("extraneous bytes before marker", "JPEG 数据损坏：标记前有多余字节（图像数据与文件结构不符）"),
    ("instead of RST", "JPEG 数据损坏：重启标记错误"),
    ("Inconsistent progression sequence", "JPEG 数据损坏：渐进式扫描顺序错误"),
    ("Invalid SOS parameters for sequential JPEG", "JPEG 数据损坏：扫描参数错误"),
    ("Not a JPEG file", "不是有效的 JPEG 文件"),
    ("Bogus marker length", "JPEG 文件结构损坏：标记长度错误"),
    ("Unsupported marker type", "JPEG 文件结构损坏：未知标记"),
    ("Huffman table", "JPEG 文件结构损坏：缺少霍夫曼表"),
    ("Quantization table", "JPEG 文件结构损坏：缺少量化表"),
    ("Empty JPEG image", "JPEG 文件中没有图像"),
    ("Unsupported JPEG data precision", "JPEG 使用了不支持的位深（如 12 位）"),
    ("Unsupported JPEG process", "JPEG 使用了不支持的编码方式（如无损或分层 JPEG）"),
    ("Requested feature was omitted at compile time", "JPEG 使用了本程序不支持的功能"),
    ("arithmetic coding is not implemented", "JPEG 使用了不支持的算术编码"),
    ("Unsupported color conversion request", "JPEG 使用了不支持的颜色格式"),
    ("chunks end before IEND", "PNG 文件不完整：在结束块（IEND）之前中断"),
    ("CRC error", "PNG 文件损坏：校验和（CRC）错误"),
    ("Not enough image data", "PNG 文件不完整：图像数据不足"),
    ("Too much image data", "PNG 文件损坏：图像数据过多"),
    ("invalid distance too far back", "PNG 压缩数据损坏"),
    ("incorrect header check", "PNG 压缩数据损坏"),
    ("bad adaptive filter value", "PNG 图像数据损坏：滤波类型错误"),
    ("Invalid IHDR data", "PNG 文件头（IHDR）无效"),
    ("Not a PNG file", "不是有效的 PNG 文件"),
    ("not a decodable PNG", "不是可解码的 PNG 文件"),
    ("not a decodable JPEG", "不是可解码的 JPEG 文件"),
    ("decoding took longer than allowed", "解码时间超出限制"),
    ("progressive scans", "渐进式扫描次数过多"),
  ]

  /// The Chinese for a decoder's message, or a lead-in and the message itself.
  public static func chinese(_ english: String) -> String {
    let lower = english.lowercased()
    if let hit = table.first(where: { lower.contains($0.english.lowercased()) }) { return hit.chinese }
    return "解码器报告：\(english)"
  }
}

extension ImageDecodeError {
  /// The decoder's own words, in the user's language (Chinese when `chinese`).
  public func detail(chinese: Bool) -> String {
    switch self {
    case .corrupt(let d), .tooSlow(let d), .unsupportedFormat(let d), .outOfMemory(let d):
      chinese ? DecoderMessage.chinese(d) : d
    case .encrypted: chinese ? "PDF 已加密" : "the PDF is encrypted"
    case .tooManyPixels(let w, let h, _): chinese ? "\(w)×\(h) 像素" : "\(w)×\(h) pixels"
    case .tooManyBytes(let b, _): chinese ? "\(b) 字节" : "\(b) bytes"
    case .tooManyPages(let p, _): chinese ? "\(p) 页" : "\(p) pages"
    case .pdfTooComplex(let page, let cost, let measured, _):
      chinese ? "第 \(page) 页\(cost.label(chinese: true)) \(measured)" : "page \(page): \(cost.label(chinese: false)) \(measured)"
    }
  }
}

extension PDFCost {
  /// What is counted, in the user's language.
  public func label(chinese: Bool) -> String {
    switch self {
    case .contentBytes: chinese ? "解压后的页面内容（字节）" : "inflated page content (bytes)"
    case .formDepth: chinese ? "表单对象嵌套层数" : "form XObjects nested"
    case .formDraws: chinese ? "表单对象绘制次数" : "form XObject draws"
    case .imagePixels: chinese ? "单幅图像像素" : "pixels of one image"
    }
  }
}
