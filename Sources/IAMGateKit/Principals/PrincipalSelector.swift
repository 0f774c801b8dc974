import Diagnostics
import IAMPolicy

/// Which user or role of an authorization-details file a `--principal` names: a user ARN, a role ARN, or an
/// assumed-role session ARN (which names its role). An ARN matches a record with exactly that `Arn`, or the record
/// of the same kind, name and account whatever its path (user and role names are unique within an account).
struct PrincipalSelector: Sendable {
    /// The entity kinds a file describes.
    enum Kind: String, Sendable {
        case user
        case role
    }

    /// One user or role of the file, as matching needs it.
    struct Candidate: Sendable {
        var kind: Kind
        var name: String
        var arn: String
    }

    let principal: Principal
    let kind: Kind
    /// The user or role name (a session's role name).
    let name: String
    let account: String

    init(_ text: String) throws(InputError) {
        let principal: Principal
        switch Principal.parse(text) {
        case .success(let parsed): principal = parsed
        case .failure(let error): throw InputError(error)
        }
        guard let name = principal.name, let account = principal.account else {
            throw Self.unsupported(principal)
        }
        switch principal.kind {
        case .user: kind = .user
        case .role, .roleSession: kind = .role
        default: throw Self.unsupported(principal)
        }
        self.principal = principal
        self.name = name
        self.account = account
    }

    private static func unsupported(_ principal: Principal) -> InputError {
        InputError(
            "principal '\(principal.identifier)' is not an IAM user, role or assumed-role session; authorization "
                + "details describe only users and roles")
    }

    /// Whether the user or role `name` with ARN `arn` is the one selected.
    func matches(kind: Kind, name: String, arn: String?) -> Bool {
        guard kind == self.kind else { return false }
        if let arn, arn == principal.identifier { return true }
        guard name == self.name else { return false }
        // Without an ARN the account cannot be checked; a name alone is not enough.
        guard let arn else { return false }
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return parts.count == 6 && parts[4] == account && parts[1] == principal.partition
    }

    /// The principal to evaluate for a matched record: a session stays the session; a user or role given without
    /// (or with a different) path becomes the record's ARN, so the path (e.g. `/aws-service-role/`) is right.
    func principal(forRecordARN arn: String) -> Principal {
        guard principal.kind != .roleSession, arn != principal.identifier,
            case .success(let recorded) = Principal.parse(arn), recorded.kind == principal.kind
        else { return principal }
        return recorded
    }

    /// The error for a principal absent from the file, listing the five closest users and roles.
    func notFound(among candidates: [Candidate], source: String, isTruncated: Bool) -> InputError {
        let target = name.lowercased()
        let ranked = candidates.map { candidate in
            (candidate, Suggestion.editDistance(target, candidate.name.lowercased()) + (candidate.kind == kind ? 0 : 1))
        }
        let closest = ranked.sorted { left, right in
            left.1 != right.1 ? left.1 < right.1 : left.0.arn < right.0.arn
        }.prefix(5)
        var message =
            "authorization details '\(source)' contain no \(kind.rawValue) named '\(name)' in account \(account)"
        if !closest.isEmpty {
            message +=
                " (closest: " + closest.map { "\($0.0.kind.rawValue) '\($0.0.arn)'" }.joined(separator: ", ")
                + ")"
        } else {
            message += " (the file lists no users or roles)"
        }
        if isTruncated {
            message += "; the file is one page of a truncated response (IsTruncated is true): fetch every page"
        }
        return InputError(message)
    }

    /// The error for a principal that two records match.
    func ambiguous(_ arns: [String], source: String) -> InputError {
        InputError(
            "authorization details '\(source)' list \(arns.count) \(kind.rawValue)s matching '\(principal.identifier)' ("
                + arns.map { "'\($0)'" }.joined(separator: ", ") + "); the file must list each \(kind.rawValue) once")
    }
}
