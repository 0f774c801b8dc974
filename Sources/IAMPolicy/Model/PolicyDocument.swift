import JSON
import Wildcard

/// The policy language version (`reference_policies_elements_version.md`). Only `2012-10-17` turns on policy
/// variables; with `2008-10-17` or no `Version` at all, `${…}` is literal text.
public enum PolicyVersion: String, Sendable, Hashable {
    case version2012 = "2012-10-17"
    case version2008 = "2008-10-17"
    case absent = ""

    /// Whether `${…}` is substituted.
    public var supportsVariables: Bool { self == .version2012 }
}

/// Where a policy came from, for messages and reports.
public struct PolicySource: Sendable, Hashable, CustomStringConvertible {
    /// A file path, `-` for standard input, or a description such as `cases.json case 'x' identity[0]`.
    public var name: String
    /// The file the policy is written in, when `name` describes a place inside it.
    public var file: String?

    public init(_ name: String, file: String? = nil) {
        self.name = name
        self.file = file
    }

    public var description: String { name }
}

/// A parsed, validated IAM policy document with its statements compiled for evaluation.
public struct PolicyDocument: Sendable {
    public var version: PolicyVersion
    public var id: String?
    public var statements: [Statement]
    public var source: PolicySource

    public init(version: PolicyVersion, id: String? = nil, statements: [Statement], source: PolicySource) {
        self.version = version
        self.id = id
        self.statements = statements
        self.source = source
    }
}

/// `Allow` or `Deny`.
public enum Effect: String, Sendable, Hashable, Codable {
    case allow = "Allow"
    case deny = "Deny"
}

/// One statement: who, what, on which resources, under which conditions.
public struct Statement: Sendable {
    public var sid: String?
    public var effect: Effect
    public var actions: ActionElement
    /// `nil` when the statement has neither `Resource` nor `NotResource` (valid only in trust policies).
    public var resources: ResourceElement?
    /// `nil` when the statement has neither `Principal` nor `NotPrincipal` (identity-style statements).
    public var principals: PrincipalElement?
    public var conditions: [ConditionClause]
    /// The statement's position in its policy, from 0.
    public var index: Int
    /// Where the statement starts in its file.
    public var location: SourceLocation

    public init(
        sid: String?, effect: Effect, actions: ActionElement, resources: ResourceElement?,
        principals: PrincipalElement?, conditions: [ConditionClause], index: Int, location: SourceLocation
    ) {
        self.sid = sid
        self.effect = effect
        self.actions = actions
        self.resources = resources
        self.principals = principals
        self.conditions = conditions
        self.index = index
        self.location = location
    }
}

/// `Action` or `NotAction` with their compiled patterns.
public struct ActionElement: Sendable {
    public var isNegated: Bool {
        didSet { filter = Self.filter(isNegated: isNegated, patterns: patterns) }
    }
    public var patterns: [ActionPattern] {
        didSet { filter = Self.filter(isNegated: isNegated, patterns: patterns) }
    }
    /// Every action the element can apply to passes this filter: the union of its patterns' filters, or everything
    /// for `NotAction`.
    private(set) var filter: ActionFilter

    public init(isNegated: Bool, patterns: [ActionPattern]) {
        self.isNegated = isNegated
        self.patterns = patterns
        filter = Self.filter(isNegated: isNegated, patterns: patterns)
    }

    private static func filter(isNegated: Bool, patterns: [ActionPattern]) -> ActionFilter {
        if isNegated { return .everything }
        return patterns.reduce(.nothing) { $0.union($1.filter) }
    }

    /// Whether the element applies to an action already lowercased (`service:name`).
    @inline(__always)
    public func applies(toLowercased action: String) -> Bool {
        var matched = false
        for pattern in patterns where pattern.matches(lowercased: action) {
            matched = true
            break
        }
        return matched != isNegated
    }

    /// `applies(toLowercased:)` for an action whose UTF-8 bytes and filter key are at hand: patterns that cannot
    /// name the action are skipped without being run.
    @inline(__always)
    func applies(
        toLowercased action: String, utf8 actionBytes: UnsafeBufferPointer<UInt8>, key: ActionFilter.Key
    ) -> Bool {
        if !filter.admits(key) { return isNegated }
        var matched = false
        for index in patterns.indices where patterns[index].filter.admits(key) {
            matched = patterns[index].matches(lowercased: action, utf8: actionBytes)
            if matched { break }
        }
        return matched != isNegated
    }
}

/// Which actions an action pattern can name, summarised in two 64-bit masks (one-hash Bloom filters) so that a
/// statement about other actions is skipped without running its patterns: one bit per service prefix, and one per
/// service prefix and first letter of the action name.
///
/// A pattern whose service part (the text before its first `:`) is literal can only match actions of that service:
/// the glob compares those bytes one for one, colon included. If the byte after that colon is literal as well, the
/// action's name must start with it. Patterns with a wildcard in the service part, `*` alone and `NotAction` admit
/// everything; a wildcard starting the name admits every name of the service; malformed entries, which match
/// nothing, admit nothing. Collisions only admit too much, never too little.
struct ActionFilter: Sendable, Hashable {
    var services: UInt64
    var initials: UInt64

    static let everything = ActionFilter(services: ~0, initials: ~0)
    static let nothing = ActionFilter(services: 0, initials: 0)

    /// An action's bits, computed once per request.
    struct Key: Sendable, Hashable {
        let service: UInt64
        let initial: UInt64

        /// The bucket of the evaluation plan (`EvaluationPlan.candidates`) the action falls in: the index of its
        /// service bit.
        var bucket: Int { service.trailingZeroBitCount }

        /// The key of a lowercased action: its service prefix (the whole text when it has no colon; then only
        /// patterns that admit everything can match it) and the byte after the colon.
        init(lowercasedAction action: String) {
            var copy = action
            (service, initial) = copy.withUTF8 { bytes in
                let colon = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.count
                let service = UnsafeBufferPointer(rebasing: bytes[..<colon])
                let initial = colon + 1 < bytes.count ? bytes[colon + 1] : nil
                return (ActionFilter.serviceBit(service), ActionFilter.initialBit(service, initial))
            }
        }
    }

    /// Whether an action with this key may pass.
    @inline(__always)
    func admits(_ key: Key) -> Bool {
        services & key.service != 0 && initials & key.initial != 0
    }

    func union(_ other: ActionFilter) -> ActionFilter {
        ActionFilter(services: services | other.services, initials: initials | other.initials)
    }

    /// The filter of a compiled (case-folded) action pattern.
    init(pattern: WildcardPattern, isMalformed: Bool) {
        if isMalformed {
            self = .nothing
            return
        }
        // A pattern that escapes wildcards escapes the action too, so its bytes are not the action's.
        if pattern.hasEscapes {
            self = .everything
            return
        }
        self = pattern.bytes.withUnsafeBufferPointer { bytes in
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return .everything }
            let service = UnsafeBufferPointer(rebasing: bytes[..<colon])
            if service.contains(where: Self.isWildcard) { return .everything }
            let initial = colon + 1 < bytes.count ? bytes[colon + 1] : nil
            if let initial, Self.isWildcard(initial) {
                return ActionFilter(services: Self.serviceBit(service), initials: ~0)
            }
            return ActionFilter(services: Self.serviceBit(service), initials: Self.initialBit(service, initial))
        }
    }

    private init(services: UInt64, initials: UInt64) {
        self.services = services
        self.initials = initials
    }

    private static func isWildcard(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?")
    }

    /// FNV-1a over the service prefix, reduced to one of 64 bits.
    private static func serviceBit(_ service: UnsafeBufferPointer<UInt8>) -> UInt64 {
        1 << (hash(service) >> 58)
    }

    /// The same over the service prefix and the name's first byte (`nil` for an empty name).
    private static func initialBit(_ service: UnsafeBufferPointer<UInt8>, _ initial: UInt8?) -> UInt64 {
        var hash = hash(service)
        hash = (hash ^ 0x100) &* fnvPrime
        hash = (hash ^ UInt64(initial ?? 0)) &* fnvPrime
        return 1 << (hash >> 58)
    }

    private static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* fnvPrime
        }
        return hash
    }
}

/// One `Action` entry (`reference_policies_elements_action.md`): service prefix and name, case-insensitive, with
/// `*` and `?` wildcards.
public struct ActionPattern: Sendable {
    public let text: String
    let pattern: WildcardPattern
    /// Entries with whitespace, commas, or no colon (other than `*`) can never name an action.
    public let isMalformed: Bool
    /// The actions this entry can name.
    let filter: ActionFilter
    /// Where the entry is written, when parsed from a file.
    public var location: SourceLocation?

    public init(_ text: String, location: SourceLocation? = nil) {
        self.text = text
        self.location = location
        var source = text
        let ascii: (pattern: WildcardPattern, isMalformed: Bool)? = source.withUTF8 { bytes in
            guard isASCIIBytes(bytes) else { return nil }
            return (WildcardPattern(ascii: bytes, caseInsensitive: true), Self.isMalformedASCII(bytes))
        }
        if let ascii {
            pattern = ascii.pattern
            isMalformed = ascii.isMalformed
        } else {
            pattern = WildcardPattern(text, caseInsensitive: true)
            let isStar = !text.isEmpty && text.allSatisfy { $0 == "*" }
            isMalformed =
                !isStar
                && (text.contains(where: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" })
                    || !text.contains(":"))
        }
        filter = ActionFilter(pattern: pattern, isMalformed: isMalformed)
    }

    /// `isMalformed` for ASCII text, byte by byte: a line feed right after a carriage return is part of the one
    /// `"\r\n"` character, which is not a line feed.
    private static func isMalformedASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if !bytes.isEmpty && bytes.allSatisfy({ $0 == UInt8(ascii: "*") }) { return false }
        var sawColon = false
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: "\t"):
                return true
            case UInt8(ascii: "\n"):
                if index == 0 || bytes[index - 1] != UInt8(ascii: "\r") { return true }
            case UInt8(ascii: ":"):
                sawColon = true
            default:
                break
            }
        }
        return !sawColon
    }

    /// Whether this entry names `action`, which must already be lowercased.
    @inline(__always)
    public func matches(lowercased action: String) -> Bool {
        guard !isMalformed else { return false }
        return pattern.matchesFolded(action)
    }

    /// `matches(lowercased:)` with the action's UTF-8 bytes at hand.
    @inline(__always)
    func matches(lowercased action: String, utf8 actionBytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !isMalformed else { return false }
        // A pattern with escaped wildcards escapes the action too.
        if pattern.hasEscapes { return pattern.matchesFolded(action) }
        return pattern.matches(utf8: actionBytes)
    }
}

/// `Resource` or `NotResource`.
public struct ResourceElement: Sendable {
    public var isNegated: Bool
    public var entries: [ResourceEntry] {
        didSet { firstEntryMatchesEverything = Self.firstEntryMatchesEverything(entries) }
    }
    /// The first entry has no template and matches every resource (`*`), so a resource that is known in full
    /// matches it before any other entry is looked at.
    private(set) var firstEntryMatchesEverything: Bool

    public init(isNegated: Bool, entries: [ResourceEntry]) {
        self.isNegated = isNegated
        self.entries = entries
        firstEntryMatchesEverything = Self.firstEntryMatchesEverything(entries)
    }

    private static func firstEntryMatchesEverything(_ entries: [ResourceEntry]) -> Bool {
        guard let first = entries.first, first.template == nil, let compiled = first.compiled else { return false }
        return compiled.matchesEverything
    }
}

/// One resource entry; entries with policy variables are compiled after substitution, per request.
public struct ResourceEntry: Sendable {
    public let text: String
    /// The compiled pattern when the entry has no variable (or variables are off for the document's version).
    public var compiled: ARNPattern? { template == nil ? pattern : nil }
    /// The parsed template when the entry has variables and the document's version substitutes them.
    public let template: VariableTemplate?
    /// Where the entry is written, when parsed from a file.
    public var location: SourceLocation?
    /// `compiled`, stored without the optional so that matching reads it in place (unused with a template).
    private let pattern: ARNPattern

    public init(_ text: String, variablesEnabled: Bool, location: SourceLocation? = nil) {
        self.text = text
        self.location = location
        if variablesEnabled, hasVariableMarker(text), let template = VariableTemplate(text), template.hasVariables {
            self.template = template
            pattern = ARNPattern.nothing
        } else {
            template = nil
            pattern = ARNPattern(text)
        }
    }

    /// Whether the compiled pattern matches `resource`, given also as UTF-8 bytes with its layout when it is
    /// ASCII; `false` for an entry with a template instead.
    @inline(__always)
    func matchesCompiled(_ resource: String, utf8: UnsafeBufferPointer<UInt8>, layout: ARNLayout?) -> Bool {
        guard template == nil else { return false }
        if let layout, let matched = pattern.matches(asciiResource: utf8, layout: layout) {
            return matched
        }
        return pattern.matches(resource)
    }
}
