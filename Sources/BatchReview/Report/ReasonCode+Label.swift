import Core
import RegistrationRules

extension ReasonCode {
  /// A few words for the reviewer's chart and filter.
  public var shortLabel: LocalizedText {
    switch self {
    case .missingMaterial: LocalizedText(zh: "缺少材料", en: "missing material")
    case .unsupportedFormat: LocalizedText(zh: "格式不支持", en: "unsupported format")
    case .corruptFile: LocalizedText(zh: "文件损坏", en: "corrupt file")
    case .fileTooLarge: LocalizedText(zh: "文件过大", en: "file too large")
    case .fileTooSmall: LocalizedText(zh: "文件过小", en: "file too small")
    case .imageTooLarge: LocalizedText(zh: "像素过多", en: "too many pixels")
    case .resolutionTooLow: LocalizedText(zh: "分辨率不足", en: "resolution too low")
    case .photoDimensions: LocalizedText(zh: "照片尺寸", en: "photo dimensions")
    case .photoNotColor: LocalizedText(zh: "照片非彩色", en: "photo not colour")
    case .photoBackground: LocalizedText(zh: "照片背景", en: "photo background")
    case .blurry: LocalizedText(zh: "不清晰", en: "blurry")
    case .tooDark: LocalizedText(zh: "过暗", en: "too dark")
    case .tooBright: LocalizedText(zh: "过亮", en: "too bright")
    case .lowContrast: LocalizedText(zh: "对比度低", en: "low contrast")
    case .formPages: LocalizedText(zh: "申请表页数", en: "form pages")
    case .invalidField: LocalizedText(zh: "数据有误", en: "invalid field")
    case .deadline: LocalizedText(zh: "超出时限", en: "deadline")
    case .ceHours: LocalizedText(zh: "继续教育学时不足", en: "CE hours")
    case .kindNotAllowed: LocalizedText(zh: "不可申请此类注册", en: "kind not allowed")
    case .badSubmission: LocalizedText(zh: "提交无法读取", en: "bad submission")
    case .unknownField: LocalizedText(zh: "未知字段", en: "unknown field")
    case .authorityMismatch: LocalizedText(zh: "初审机构不一致", en: "authority mismatch")
    case .earlyRenewal: LocalizedText(zh: "提前延续", en: "early renewal")
    case .ceCertificateRecommended: LocalizedText(zh: "建议上传继续教育证明", en: "CE certificates advised")
    case .unsafePath: LocalizedText(zh: "不安全的路径", en: "unsafe path")
    case .unusedFile: LocalizedText(zh: "未使用的文件", en: "unused file")
    case .extensionMismatch: LocalizedText(zh: "扩展名不符", en: "extension mismatch")
    case .checkFailed: LocalizedText(zh: "无法完成检查", en: "check failed")
    case .notEligible: LocalizedText(zh: "不符合注册条件", en: "not eligible")
    case .formMismatch: LocalizedText(zh: "申请表不符", en: "form mismatch")
    case .qrUnreadable: LocalizedText(zh: "二维码无法识别", en: "QR unreadable")
    case .signatureMissing: LocalizedText(zh: "未签字", en: "signature missing")
    case .sealMissing: LocalizedText(zh: "未盖章", en: "seal missing")
    case .noFace: LocalizedText(zh: "未见人脸", en: "no face")
    case .multipleFaces: LocalizedText(zh: "多人", en: "several faces")
    case .facePose: LocalizedText(zh: "头部姿态", en: "face pose")
    case .faceFraming: LocalizedText(zh: "头像位置", en: "face framing")
    case .eyesNotVisible: LocalizedText(zh: "眼睛不可见", en: "eyes not visible")
    case .noIDCard: LocalizedText(zh: "未见证件", en: "no ID card")
    case .photoMismatch: LocalizedText(zh: "照片不一致", en: "photo mismatch")
    case .contentMismatch: LocalizedText(zh: "内容与申请不符", en: "content names someone else")
    case .contentNotFound: LocalizedText(zh: "未找到应有内容", en: "content not found")
    case .sealNameMismatch: LocalizedText(zh: "公章名称或类型不符", en: "seal of another organisation or kind")
    case .sealUnreadable: LocalizedText(zh: "公章文字无法识别", en: "seal unreadable")
    }
  }
}
