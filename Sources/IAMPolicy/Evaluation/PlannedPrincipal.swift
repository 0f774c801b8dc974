import Wildcard

/// Where some text is in a buffer of bytes.
struct TextRange: Sendable {
    let start: Int
    let count: Int
}

/// One entry of a statement's `Principal` as the evaluation plan keeps it: its kind and the names it compares, in
/// the plan's bytes. The plan keeps the entries of a `Principal` whose names are all ASCII; `NotPrincipal` and
/// other text are left to `EvaluationRun.match(_:effect:principal:)`.
struct PlannedPrincipal: Sendable {
    enum Kind: UInt8, Sendable {
        case everyone
        case account
        case user
        case role
        case roleSession
        case federatedUser
        case service
        case federated
        case canonicalUser
        case unrecognized
    }

    let kind: Kind
    /// The account (or the service, identity provider or canonical user), the user or role name, and the session
    /// name, as the entry has them.
    let first: TextRange
    let second: TextRange
    let third: TextRange

    private static let none = TextRange(start: 0, count: 0)

    /// The record of `entry`, whose names are appended to `bytes`; `nil` when a name is not ASCII.
    static func planned(_ entry: PrincipalEntry, appendingTo bytes: inout [UInt8]) -> PlannedPrincipal? {
        func range(_ text: String) -> TextRange? {
            guard text.isASCIIText else { return nil }
            let start = bytes.count
            bytes += text.utf8
            return TextRange(start: start, count: bytes.count - start)
        }
        func record(_ kind: Kind, _ names: String...) -> PlannedPrincipal? {
            var ranges: [TextRange] = []
            for name in names {
                guard let named = range(name) else { return nil }
                ranges.append(named)
            }
            while ranges.count < 3 { ranges.append(none) }
            return PlannedPrincipal(kind: kind, first: ranges[0], second: ranges[1], third: ranges[2])
        }
        switch entry {
        case .everyone: return record(.everyone)
        case .account(let account): return record(.account, account)
        case .user(let account, let name): return record(.user, account, name)
        case .role(let account, let name): return record(.role, account, name)
        case .roleSession(let account, let role, let session): return record(.roleSession, account, role, session)
        case .federatedUser(let account, let name): return record(.federatedUser, account, name)
        case .service(let service): return record(.service, service)
        case .federated(let provider): return record(.federated, provider)
        case .canonicalUser(let id): return record(.canonicalUser, id)
        case .unrecognized: return record(.unrecognized)
        }
    }

    /// How this entry names the requester: `EvaluationRun.strength(of:for:)` on bytes, for a requester whose names
    /// are all ASCII (so that names are equal exactly when their bytes are).
    @inline(__always)
    func strength(
        for requester: PrincipalNames, _ requesterBytes: UnsafeBufferPointer<UInt8>,
        _ planBytes: UnsafeBufferPointer<UInt8>
    ) -> PrincipalMatch {
        func equal(_ name: TextRange?, _ text: TextRange) -> Bool {
            guard let name, name.count == text.count else { return false }
            return Glob.equal(planBytes, text.start, requesterBytes.piece(name.start, name.count), count: text.count)
        }
        switch kind {
        case .everyone:
            return .direct
        case .account:
            return equal(requester.account, first) && requester.kind != .anonymous ? .account : .none
        case .user:
            return requester.kind == .user && equal(requester.account, first) && equal(requester.name, second)
                ? .direct : .none
        case .role:
            return requester.isRole && equal(requester.account, first) && equal(requester.name, second)
                ? .role : .none
        case .roleSession:
            return requester.kind == .roleSession && equal(requester.account, first) && equal(requester.name, second)
                && equal(requester.sessionName, third) ? .direct : .none
        case .federatedUser:
            return requester.kind == .federatedUser && equal(requester.account, first)
                && equal(requester.name, second) ? .direct : .none
        case .service:
            return requester.kind == .service && equal(requester.lowercasedIdentifier, first) ? .direct : .none
        case .federated, .canonicalUser:
            return equal(requester.identifier, first) ? .direct : .none
        case .unrecognized:
            return .none
        }
    }
}

/// A requester's names as bytes — account, name, session name, identifier and its lowercased form — for comparing
/// them with planned principals in place (`nil` for names the principal does not have).
struct PrincipalNames: Sendable {
    let kind: Principal.Kind
    let isRole: Bool
    /// Every name is ASCII, so a name is equal to a planned one exactly when the bytes are.
    let isASCII: Bool
    let account: TextRange?
    let name: TextRange?
    let sessionName: TextRange?
    let identifier: TextRange
    let lowercasedIdentifier: TextRange

    /// The names of `principal`, with the bytes they point into.
    static func of(_ principal: Principal) -> (names: PrincipalNames, bytes: OwnedBytes) {
        var bytes: [UInt8] = []
        var isASCII = true
        func range(_ text: String) -> TextRange {
            if !text.isASCIIText { isASCII = false }
            let start = bytes.count
            bytes += text.utf8
            return TextRange(start: start, count: bytes.count - start)
        }
        let account = principal.account.map(range)
        let name = principal.name.map(range)
        let sessionName = principal.sessionName.map(range)
        let identifier = range(principal.identifier)
        let lowercasedIdentifier = range(principal.identifier.lowercased())
        let names = PrincipalNames(
            kind: principal.kind, isRole: principal.isRole, isASCII: isASCII, account: account, name: name,
            sessionName: sessionName, identifier: identifier, lowercasedIdentifier: lowercasedIdentifier)
        return (names, OwnedBytes(bytes))
    }
}
