import Core
import Foundation
import RegistrationRules

/// Which data field each column of a spreadsheet holds, read from its header: the
/// Chinese label printed on the form (`证件号码`), a common alternative (`身份证号`), or
/// the data key (`applicant.idNumber`, or `idNumber` where that is unambiguous). Work
/// periods and CE records take numbered columns: `工作经历1起始年月`, `起始年月1`,
/// `workExperience[1].from`.
public struct ColumnMap: Sendable {
  /// What a column holds.
  public enum Target: Sendable, Equatable {
    /// A field of the application (`applicant.idNumber`).
    case field(String)
    /// A field of the n-th item (0-based) of a list (`workExperience`, `from`).
    case item(list: String, index: Int, key: String)
  }

  public struct Column: Sendable, Equatable {
    public var index: Int
    /// The header as written.
    public var header: String
    public var target: Target
  }

  public var columns: [Column]
  /// Headers that name nothing the application holds (ignored, and said so once).
  public var unknown: [(index: Int, header: String)]

  /// The lists whose items may come in numbered columns, their keys, and how many items
  /// a spreadsheet may give (more than any form has rows).
  static let lists: [(name: String, keys: [String])] = [
    ("workExperience", ["from", "to", "employer", "position"]),
    ("continuingEducation", ["date", "provider", "course", "hours", "source"]),
  ]
  static let maxItems = 30

  /// Headers people use for a field besides its label on the form.
  static let aliases: [String: [String]] = [
    "kind": ["申请类型", "注册类型", "申请种类"],
    "applicationDate": ["申请时间"],
    "category": ["专业类别", "注册专业"],
    "applicant.name": ["申请人姓名", "申请人"],
    "applicant.birthDate": ["出生年月日"],
    "applicant.idNumber": ["身份证号", "身份证号码", "公民身份号码", "身份证件号码"],
    "applicant.phone": ["手机", "手机号", "手机号码", "移动电话", "联系方式"],
    "applicant.email": ["邮箱", "电子邮件", "email", "e-mail"],
    "applicant.major": ["专业"],
    "applicant.address": ["联系地址", "通信地址"],
    "applicant.qualificationCertificateNo": ["资格证书号", "资格证书号码", "职业资格证书编号", "管理号"],
    "applicant.qualificationDate": ["取得资格时间", "资格证书签发日期", "取得资格证书日期"],
    "applicant.registrationCertificateNo": ["注册证书号", "注册编号"],
    "applicant.registrationExpiry": ["注册有效期", "有效期至"],
    "employer.name": ["单位名称", "工作单位", "所在单位", "聘用单位"],
    "employer.creditCode": ["信用代码", "社会信用代码", "统一信用代码"],
    "employer.address": ["单位通讯地址"],
    "employer.contact": ["联系人"],
    "employer.phone": ["单位电话"],
    "employer.supervisor": ["主管部门", "所属集团"],
    "employer.province": ["省份", "所在省"],
  ]

  /// The header as compared: compatibility-normalised, lower case, only letters, digits
  /// and ideographs (so `工作经历 1-起始年月`, `工作经历1起始年月` and `workExperience[1].from`
  /// compare by their words alone).
  static func normal(_ header: String) -> String {
    String(
      header.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars.filter {
        $0.properties.isAlphabetic || $0.properties.numericType != nil
      }.map(Character.init))
  }

  /// Every accepted spelling (normalised) of every target.
  static let dictionary: [String: Target] = {
    var d: [String: Target] = [:]
    let labels = FieldLabels.all
    let listNames = Set(lists.map(\.name))
    var lastComponents: [String: [String]] = [:]
    for (path, label) in labels where !listNames.contains(where: { path.hasPrefix($0) }) {
      guard path.contains(".") || !["applicant", "employer", "change"].contains(path) else { continue }
      d[normal(path)] = .field(path)
      d[normal(label.zh)] = d[normal(label.zh)] ?? .field(path)
      lastComponents[String(path.split(separator: ".").last ?? ""), default: []].append(path)
    }
    // A bare key (`idNumber`) where only one field has it.
    for (key, paths) in lastComponents where paths.count == 1 && d[normal(key)] == nil { d[normal(key)] = .field(paths[0]) }
    for (path, names) in aliases {
      for name in names where d[normal(name)] == nil { d[normal(name)] = .field(path) }
    }
    // The form says 变更事项 for the section and for what changes: a column holds the latter.
    d[normal("变更事项")] = .field("change.reasons")
    d[normal("change")] = .field("change.reasons")
    for (list, keys) in lists {
      let listLabel = labels[list]?.zh ?? list
      for key in keys {
        let label = labels["\(list).\(key)"]?.zh ?? key
        for n in 1...maxItems {
          let target = Target.item(list: list, index: n - 1, key: key)
          for spelling in [
            "\(list)[\(n)].\(key)", "\(list)\(n)\(key)", "\(listLabel)\(n)\(label)", "\(listLabel)\(label)\(n)", "\(label)\(n)",
          ] {
            d[normal(spelling)] = d[normal(spelling)] ?? target
          }
        }
      }
    }
    return d
  }()

  /// The map of a header row.
  public init(header: SheetRow) {
    columns = []
    unknown = []
    var taken: Set<String> = []
    for (index, cell) in header.cells.enumerated() {
      guard case .text(let raw) = cell else { continue }
      let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !text.isEmpty else { continue }
      if let target = Self.dictionary[Self.normal(text)] {
        let key = "\(target)"
        // A second column for the same field would silently win or lose: report it.
        if taken.insert(key).inserted {
          columns.append(Column(index: index, header: text, target: target))
          continue
        }
      }
      unknown.append((index, text))
    }
  }

  /// How many of the headers are known: a title row above the header knows none.
  public static func score(_ row: SheetRow) -> Int {
    row.cells.count {
      if case .text(let t) = $0 { return dictionary[normal(t)] != nil }
      return false
    }
  }
}
