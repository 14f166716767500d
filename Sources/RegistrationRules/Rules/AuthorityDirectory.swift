import Core
import DocumentParsing
import Foundation

/// The initial-review authorities (初审机构) that applicants choose from, read from
/// `templates/authorities.yaml` so that an administrator can keep the list current.
public struct AuthorityDirectory: Sendable, Equatable {
  public struct Ministry: Sendable, Equatable {
    public var name: String
    public var aliases: [String]
    /// The registration categories the ministry reviews; empty means all.
    public var categories: [RegistrationCategory]
  }

  public struct CentralEnterprise: Sendable, Equatable {
    public var name: String
    /// Short names people use (中国石化): enough in `employer.supervisor`, never enough
    /// inside an employer's name, where they also stand in unrelated names.
    public var aliases: [String]
    /// Name prefixes of subsidiaries that do not carry the group's full name
    /// (中国石油化工股份有限公司…).
    public var subsidiaries: [String] = []
  }

  public struct Province: Sendable, Equatable {
    public var name: String
    /// GB/T 2260 two-digit code, as in ID numbers and credit codes.
    public var code: String
    public var aliases: [String]
    public var authority: String
    /// The province's coal-mine-safety authority (煤监), where there is one.
    public var coalMineSafety: String?
  }

  /// 应急管理部, for public institutions directly under it.
  public var emergencyManagement: CentralEnterprise
  public var ministries: [Ministry]
  public var centralEnterprises: [CentralEnterprise]
  public var provinces: [Province]

  public static func load(path: String) throws -> AuthorityDirectory {
    let bytes = try DocumentReader.readFile(path, limit: 1 << 20)
    return try parse(bytes, file: path)
  }

  public static func parse(_ bytes: [UInt8], file: String) throws -> AuthorityDirectory {
    let root = try DocumentReader.read(bytes, file: file)
    var r = ConfigReader(file: file)
    let top = r.mapping(root, "", keys: ["emergencyManagement", "ministries", "centralEnterprises", "provinces"])
    func names(_ m: [String: DocumentNode], _ path: String, _ r: inout ConfigReader) -> (String, [String]) {
      let name = r.text(m["name"], "\(path).name") ?? ""
      let aliases = r.list(m["aliases"], "\(path).aliases").enumerated().compactMap { r.text($1, "\(path).aliases[\($0)]") }
      return (name, aliases)
    }
    let em = r.mapping(top["emergencyManagement"], "emergencyManagement", keys: ["name"], optional: ["aliases", "subsidiaries"])
    let (emName, emAliases) = names(em, "emergencyManagement", &r)
    var directory = AuthorityDirectory(
      emergencyManagement: CentralEnterprise(name: emName, aliases: emAliases), ministries: [], centralEnterprises: [],
      provinces: [])
    for (i, node) in r.list(top["ministries"], "ministries").enumerated() {
      let path = "ministries[\(i)]"
      let m = r.mapping(node, path, keys: ["name", "categories"], optional: ["aliases"])
      let (name, aliases) = names(m, path, &r)
      let categories = r.list(m["categories"], "\(path).categories").enumerated().compactMap {
        r.vocabulary($1, "\(path).categories[\($0)]", as: RegistrationCategory.self)
      }
      directory.ministries.append(Ministry(name: name, aliases: aliases, categories: categories))
    }
    for (i, node) in r.list(top["centralEnterprises"], "centralEnterprises").enumerated() {
      let path = "centralEnterprises[\(i)]"
      let m = r.mapping(node, path, keys: ["name"], optional: ["aliases", "subsidiaries"])
      let (name, aliases) = names(m, path, &r)
      let subsidiaries = r.list(m["subsidiaries"], "\(path).subsidiaries").enumerated().compactMap {
        r.text($1, "\(path).subsidiaries[\($0)]")
      }
      directory.centralEnterprises.append(CentralEnterprise(name: name, aliases: aliases, subsidiaries: subsidiaries))
    }
    var codes: Set<String> = []
    for (i, node) in r.list(top["provinces"], "provinces").enumerated() {
      let path = "provinces[\(i)]"
      let m = r.mapping(node, path, keys: ["name", "code", "authority", "coalMineSafety"], optional: ["aliases"])
      let (name, aliases) = names(m, path, &r)
      let code = r.text(m["code"], "\(path).code") ?? ""
      r.require(
        code.count == 2 && code.allSatisfy(\.isNumber), "\(path).code", m["code"],
        LocalizedText("authorityDirectory.expectedATwoDigitRegion"))
      r.require(
        codes.insert(code).inserted, "\(path).code", m["code"],
        LocalizedText("authorityDirectory.codeAppearsTwice", ["code": code]))
      directory.provinces.append(
        Province(
          name: name, code: code, aliases: aliases, authority: r.text(m["authority"], "\(path).authority") ?? "",
          coalMineSafety: r.optionalText(m["coalMineSafety"], "\(path).coalMineSafety")))
    }
    r.require(
      !directory.provinces.isEmpty, "provinces", top["provinces"], LocalizedText("authorityDirectory.atLeastOneProvinceIs"))
    if !r.problems.isEmpty { throw ConfigError(file: file, problems: r.problems) }
    return directory
  }
}

/// The suggested initial-review authority and why.
public struct AuthoritySuggestion: Sendable, Equatable {
  /// Which step of DOMAIN.md's order decided: 1 ministry, 2 central enterprise group,
  /// 3 institution under 应急管理部, 4 province (or its coal-mine-safety authority).
  public var step: Int
  public var authority: String
  public var basis: LocalizedText
  /// Other authorities worth considering, with why.
  public var notes: [LocalizedText]
}

/// DOMAIN.md's four-step order for choosing the initial-review authority.
public enum AuthorityRules {
  public static func suggest(_ app: Application, directory: AuthorityDirectory) -> AuthoritySuggestion? {
    let employer = app.employer
    let supervisor = employer.supervisor ?? ""
    var notes: [LocalizedText] = []

    // 1. An employer managed by another ministry in the list, for a category it reviews.
    if let ministry = best(directory.ministries, in: [supervisor], names: { ($0.name, $0.aliases) }) {
      if let category = app.category, !ministry.categories.isEmpty, !ministry.categories.contains(category) {
        notes.append(
          LocalizedText("authorityDirectory.theEmployerIsManagedBy", ["name": ministry.name, "label": category.label]))
      } else {
        return AuthoritySuggestion(
          step: 1, authority: ministry.name,
          basis: LocalizedText("authorityDirectory.theEmployerIsManagedBy2", ["name": ministry.name]), notes: notes)
      }
    }
    // 2. An employer in a central enterprise group in the list: named as the supervisor,
    //    or carrying the group's full name or a listed subsidiary's. A short name inside
    //    the employer's name is not enough (中国石油大学, 中国石油和化学工业联合会): the
    //    province decides, with a note saying what to check.
    let name = employer.name ?? ""
    if let (group, how) = centralGroup(supervisor: supervisor, employer: name, directory.centralEnterprises) {
      return AuthoritySuggestion(
        step: 2, authority: group.name,
        basis: LocalizedText("authorityDirectory.theEmployerBelongsToStep", ["name": group.name, "how": how]), notes: notes)
    }
    for group in directory.centralEnterprises {
      if let short = ([group.name] + group.aliases).first(where: { !$0.isEmpty && name.contains($0) }) {
        notes.append(
          LocalizedText("authorityDirectory.theEmployerSNameContains", ["short": short, "name": group.name]))
      }
    }
    // 3. A public institution directly under the Ministry of Emergency Management.
    let em = directory.emergencyManagement
    if matches(supervisor, em.name, em.aliases) {
      return AuthoritySuggestion(
        step: 3, authority: em.name,
        basis: LocalizedText("authorityDirectory.theEmployerIsAPublic", ["name": em.name]), notes: notes)
    }
    // 4. The province, or for coal mining its coal-mine-safety authority.
    guard let (province, how) = province(of: employer, directory: directory) else { return nil }
    for ministry in directory.ministries where app.category.map(ministry.categories.contains) == true {
      notes.append(
        LocalizedText("authorityDirectory.ifTheEmployerIsManaged", ["name": ministry.name]))
    }
    if app.category == .coalMining, let coal = province.coalMineSafety {
      return AuthoritySuggestion(
        step: 4, authority: coal,
        basis: LocalizedText("authorityDirectory.coalMiningInTheProvince", ["name": province.name, "how": how]), notes: notes)
    }
    return AuthoritySuggestion(
      step: 4, authority: province.authority,
      basis: LocalizedText("authorityDirectory.theEmployerIsInThe", ["name": province.name, "how": how]), notes: notes)
  }

  /// The employer's province: named outright, then by the address, then by the region
  /// code inside the credit code.
  static func province(of employer: Employer, directory: AuthorityDirectory) -> (AuthorityDirectory.Province, LocalizedText)? {
    if let p = employer.province,
      let found = directory.provinces.first(where: { matches(p, $0.name, $0.aliases) })
    {
      return (found, LocalizedText("authorityDirectory.fromEmployerProvince"))
    }
    // The longest name that starts the address wins: 新疆生产建设兵团 over 新疆.
    if let address = employer.address?.trimmingCharacters(in: .whitespaces),
      let found = directory.provinces
        .compactMap({ p in ([p.name] + p.aliases).filter { address.hasPrefix($0) }.map(\.count).max().map { (p, $0) } })
        .max(by: { $0.1 < $1.1 })?.0
    {
      return (found, LocalizedText("authorityDirectory.fromTheEmployerSAddress"))
    }
    if let code = employer.creditCode.flatMap(CreditCode.provinceCode(of:)),
      let found = directory.provinces.first(where: { $0.code == code })
    {
      return (found, LocalizedText("authorityDirectory.fromTheRegionCodeIn"))
    }
    return nil
  }

  /// The group an employer belongs to, and how that is known: the supervisor names it (its
  /// full name, or exactly one of its short names), or the employer's name carries the
  /// group's full name or starts with a listed subsidiary's. The most specific wins.
  static func centralGroup(supervisor: String, employer: String, _ groups: [AuthorityDirectory.CentralEnterprise])
    -> (AuthorityDirectory.CentralEnterprise, LocalizedText)?
  {
    let s = TimingRules.normalizedName(supervisor), e = TimingRules.normalizedName(employer)
    var found: [(AuthorityDirectory.CentralEnterprise, LocalizedText, Int)] = []
    for g in groups {
      let full = TimingRules.normalizedName(g.name)
      if !s.isEmpty, s.contains(full) || g.aliases.map(TimingRules.normalizedName).contains(s) {
        found.append((g, LocalizedText("authorityDirectory.fromEmployerSupervisor"), 100_000 + full.count))
      } else if !e.isEmpty, e.contains(full) {
        found.append((g, LocalizedText("authorityDirectory.theEmployerSNameHolds"), full.count))
      } else if let prefix = g.subsidiaries.map(TimingRules.normalizedName).filter({ !$0.isEmpty && e.hasPrefix($0) }).max(by: {
        $0.count < $1.count
      }) {
        found.append((g, LocalizedText("authorityDirectory.aSubsidiary", ["prefix": prefix]), prefix.count))
      }
    }
    return found.max(by: { $0.2 < $1.2 }).map { ($0.0, $0.1) }
  }

  /// Whether `text` names the entity: equal to its name or an alias, or containing one.
  static func matches(_ text: String, _ name: String, _ aliases: [String]) -> Bool {
    score(text, name, aliases) != nil
  }

  /// How specifically `text` names the entity: an exact name beats any containment, and
  /// a longer contained name beats a shorter one (中国石油化工集团 is not 中国石油).
  static func score(_ text: String, _ name: String, _ aliases: [String]) -> Int? {
    let t = text.trimmingCharacters(in: .whitespaces)
    guard !t.isEmpty else { return nil }
    return ([name] + aliases).filter { !$0.isEmpty && t.contains($0) }
      .map { $0 == t ? 10_000 + $0.count : $0.count }.max()
  }

  /// The entry that the texts name most specifically, if any names one.
  static func best<T>(_ entries: [T], in texts: [String], names: (T) -> (String, [String])) -> T? {
    entries.compactMap { entry -> (T, Int)? in
      let (name, aliases) = names(entry)
      return texts.compactMap { score($0, name, aliases) }.max().map { (entry, $0) }
    }.max(by: { $0.1 < $1.1 })?.0
  }
}
