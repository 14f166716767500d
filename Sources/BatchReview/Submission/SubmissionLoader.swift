import Core
import RegistrationRules

/// A file of a submission to be checked as a material.
public struct PlannedFile: Sendable, Equatable {
  public var material: MaterialType
  /// Relative to the submission folder.
  public var path: String
}

/// What a submission folder holds, read under its limits: the application, the files to
/// check, and what reading found (refused paths, unused files, a folder over its caps).
public struct LoadedSubmission: Sendable {
  public var id: String
  public var applicationFile: String?
  public var application: LoadedApplication?
  public var files: [PlannedFile] = []
  public var findings: [Finding] = []
  /// Every entry (recursively, links not followed) with size and time: the fingerprint's input.
  public var inventory: [String] = []
  /// The folder could not be read as a submission: `BAD_SUBMISSION` is among `findings`.
  public var unreadable: Bool { findings.contains { $0.code == .badSubmission } }
}

/// Reads a submission folder: the application file, the `materials:` map or the name
/// convention, with the policy's caps on files and bytes.
public enum SubmissionLoader {
  static let applicationNames = ["application.yaml", "application.yml", "application.json"]
  /// Folders inside a submission are looked into this deep, no deeper.
  static let maxDepth = 4

  public static func load(_ folder: any ConfinedFolder, id: String, policy: Policy) -> LoadedSubmission {
    var s = LoadedSubmission(id: id)
    let limits = policy.limits
    func bad(_ zh: String, _ en: String, measured: Measure? = nil, limit: Measure? = nil) -> LoadedSubmission {
      s.findings.append(.error(.badSubmission, zh: zh, en: en, measured: measured, limit: limit))
      return s
    }

    // The inventory, capped: a folder of a million files is refused, not listed.
    var files: [(path: String, entry: FolderEntry)] = []
    var pending: [(String, Int)] = [("", 0)]
    var totalBytes = 0
    while let (dir, depth) = pending.popLast() {
      let entries: [FolderEntry]
      do {
        entries = try folder.entries(of: dir, limit: limits.maxFilesPerSubmission + 1)
      } catch {
        return bad(
          "无法读取提交目录\(dir.isEmpty ? "" : "中的 \(dir)")（\(describe(error, .zh))）",
          "cannot read the submission folder\(dir.isEmpty ? "" : "'s \(dir)") (\(describe(error, .en)))")
      }
      for entry in entries where !entry.name.hasPrefix(".") {
        let path = dir.isEmpty ? entry.name : dir + "/" + entry.name
        files.append((path, entry))
        s.inventory.append("\(path)\t\(entry.kind)\t\(entry.stamp)")
        // Saturating: two sparse files of exabytes must not overflow the sum.
        if entry.kind == .file {
          let (sum, overflow) = totalBytes.addingReportingOverflow(max(0, entry.size))
          totalBytes = overflow ? .max : sum
        }
        if entry.kind == .directory && depth + 1 < maxDepth { pending.append((path, depth + 1)) }
      }
      guard files.count <= limits.maxFilesPerSubmission else {
        return bad(
          "提交目录中的文件过多：超过 \(limits.maxFilesPerSubmission) 个：请只上传所需材料",
          "too many files in the submission: more than \(limits.maxFilesPerSubmission); upload only the materials asked for",
          measured: Measure(files.count), limit: Measure(limits.maxFilesPerSubmission))
      }
    }
    s.inventory.sort()
    guard totalBytes <= limits.maxSubmissionBytes else {
      return bad(
        "提交目录过大：\(megabytes(totalBytes))，上限 \(megabytes(limits.maxSubmissionBytes))：请压缩材料后重新上传",
        "the submission is too large: \(megabytes(totalBytes)), at most \(megabytes(limits.maxSubmissionBytes)); compress the materials",
        measured: Measure(totalBytes), limit: Measure(limits.maxSubmissionBytes))
    }

    // The application file: exactly one, a regular file, readable as YAML or JSON.
    let top = files.filter { !$0.path.contains("/") }
    let candidates = top.filter { applicationNames.contains($0.entry.name.lowercased()) }
    guard !candidates.isEmpty else {
      return bad(
        "缺少申请数据文件 application.yaml（或 application.json）", "no application file (application.yaml or application.json)")
    }
    guard candidates.count == 1 else {
      return bad(
        "有多个申请数据文件（\(candidates.map(\.path).joined(separator: "、"))）：只能保留一个",
        "more than one application file (\(candidates.map(\.path).joined(separator: ", "))); keep one")
    }
    let appFile = candidates[0].path
    s.applicationFile = appFile
    do {
      let bytes = try folder.read(appFile, limit: limits.maxApplicationBytes)
      s.application = try ApplicationLoader.parse(
        bytes, file: appFile, limits: policy.applicationLimits)
    } catch let error as PathRefusal {
      return bad(
        "申请数据文件 \(appFile) 无法读取：\(describe(error, .zh))",
        "the application file \(appFile) cannot be read: \(describe(error, .en))")
    } catch let error as DocumentSyntaxError {
      return bad("申请数据无法读取：\(error.message(.zh))", "the application data cannot be read: \(error.message(.en))")
    } catch {
      return bad("申请数据无法读取", "the application data cannot be read")
    }

    // The materials: the map where it names a material, the convention for the rest.
    let map = s.application?.application.materials ?? [:]
    var claimed: Set<String> = [appFile]
    for material in MaterialType.allCases {
      if let listed = map[material] {
        for path in listed {
          s.files.append(PlannedFile(material: material, path: path))
          claimed.insert(normalized(path))
        }
        continue
      }
      let named = top.filter { $0.entry.kind != .directory && NamingConvention.material(forFileName: $0.entry.name) == material }
        .map(\.path).sorted(by: NamingConvention.naturalOrder)
      for path in named {
        s.files.append(PlannedFile(material: material, path: path))
        claimed.insert(path)
      }
    }
    // Whatever nobody claimed is reported, so that a misnamed upload is not silently lost.
    for (path, entry) in files where !claimed.contains(path) && entry.kind != .directory {
      s.findings.append(
        Finding(
          .unusedFile, .warning, file: path,
          message: LocalizedText(
            zh: "文件 \(path) 的名称不符合命名约定，未作为任何材料检查：请按 photo.jpg、form-1.jpg 等命名，或在 materials 中列出",
            en:
              "\(path) fits no file-name convention and was not checked as any material; name it like photo.jpg, form-1.jpg, or list it under materials"
          )))
    }
    return s
  }

  /// `a/./b` and `a//b` name the same file as `a/b`.
  static func normalized(_ path: String) -> String {
    path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.joined(separator: "/")
  }

  static func megabytes(_ bytes: Int) -> String {
    let mb = Double(bytes) / 1_048_576
    return mb >= 10 ? "\(Int(mb.rounded())) MB" : "\((mb * 10).rounded() / 10) MB"
  }

  public static func describe(_ refusal: PathRefusal, _ language: Language) -> String {
    let zh = language == .zh
    switch refusal {
    case .absolute: return zh ? "不能使用绝对路径" : "absolute paths are not allowed"
    case .leavesFolder: return zh ? "路径指向提交目录之外（含 ..）" : "the path leaves the submission folder (..)"
    case .link: return zh ? "是符号链接，出于安全不予读取" : "it is a symbolic link, which is never followed"
    case .notRegularFile: return zh ? "不是普通文件" : "not a regular file"
    case .missing: return zh ? "文件不存在" : "no such file"
    case .tooLarge(let size): return zh ? "文件过大（\(megabytes(size))）" : "too large (\(megabytes(size)))"
    case .unreadable(let why): return (zh ? "无法读取：" : "unreadable: ") + why
    }
  }
}
