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
    func bad(_ text: LocalizedText, measured: Measure? = nil, limit: Measure? = nil) -> LoadedSubmission {
      s.findings.append(.error(.badSubmission, text, measured: measured, limit: limit))
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
          dir.isEmpty
            ? LocalizedText("submissionLoader.cannotReadTheFolder", ["why": text(error)])
            : LocalizedText("submissionLoader.cannotReadAFolderInside", ["folder": dir, "why": text(error)]))
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
          LocalizedText("submissionLoader.tooManyFiles", ["limit": limits.maxFilesPerSubmission]),
          measured: Measure(files.count), limit: Measure(limits.maxFilesPerSubmission))
      }
    }
    s.inventory.sort()
    guard totalBytes <= limits.maxSubmissionBytes else {
      return bad(
        LocalizedText(
          "submissionLoader.tooLarge", ["size": megabytes(totalBytes), "limit": megabytes(limits.maxSubmissionBytes)]),
        measured: Measure(totalBytes), limit: Measure(limits.maxSubmissionBytes))
    }

    // The application file: exactly one, a regular file, readable as YAML or JSON.
    let top = files.filter { !$0.path.contains("/") }
    let candidates = top.filter { applicationNames.contains($0.entry.name.lowercased()) }
    guard !candidates.isEmpty else {
      return bad(LocalizedText("submissionLoader.noApplicationFile"))
    }
    guard candidates.count == 1 else {
      return bad(
        LocalizedText("submissionLoader.moreThanOneApplicationFile", ["files": LocalizedText.list(candidates.map(\.path))]))
    }
    let appFile = candidates[0].path
    s.applicationFile = appFile
    do {
      let bytes = try folder.read(appFile, limit: limits.maxApplicationBytes)
      s.application = try ApplicationLoader.parse(
        bytes, file: appFile, limits: policy.applicationLimits)
    } catch let error as PathRefusal {
      return bad(LocalizedText("submissionLoader.applicationFileUnreadable", ["file": appFile, "why": text(error)]))
    } catch let error as DocumentSyntaxError {
      return bad(LocalizedText("submissionLoader.applicationDataUnreadableBecause", ["why": error.text]))
    } catch {
      return bad(LocalizedText("submissionLoader.applicationDataUnreadable"))
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
          message: LocalizedText("submissionLoader.fitsNoFileNameConvention", ["path": path])))
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

  /// Why a path inside a submission was not read, in words.
  public static func text(_ refusal: PathRefusal) -> LocalizedText {
    switch refusal {
    case .absolute: LocalizedText("submissionLoader.absolutePathsAreNotAllowed")
    case .leavesFolder: LocalizedText("submissionLoader.thePathLeavesTheSubmission")
    case .link: LocalizedText("submissionLoader.itIsASymbolicLink")
    case .notRegularFile: LocalizedText("submissionLoader.notARegularFile")
    case .missing: LocalizedText("submissionLoader.noSuchFile")
    case .tooLarge(let size): LocalizedText("submissionLoader.fileTooLarge", ["size": megabytes(size)])
    case .unreadable(let why): LocalizedText("submissionLoader.unreadableBecause", ["why": why])
    }
  }
}
