/// Who makes a request: the forms an evaluation case or a check may name.
public struct Principal: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case user
        /// A role named by its ARN: evaluated as a session of that role whose name is not known.
        case role
        case roleSession
        case federatedUser
        case root
        case service
        case anonymous
    }

    public let kind: Kind
    /// The identifier as given: an ARN, a service principal name, or `anonymous`.
    public let identifier: String
    public let partition: String
    /// The 12-digit account; `nil` for service principals and anonymous callers.
    public let account: String?
    /// The user, role or federated-user name (no path).
    public let name: String?
    /// The path of a user or role given by ARN, e.g. `/aws-service-role/imagebuilder.amazonaws.com/`.
    public let path: String?
    /// The session name of an assumed-role session.
    public let sessionName: String?
    /// The context keys `Evaluator.fillContext` derives from the principal, prepared once.
    private(set) var filledContextKeys: [FilledContextKey] = []

    public var description: String { identifier }

    /// Parses a principal; `nil` with a reason when it is none of the supported forms.
    public static func parse(_ text: String) -> Result<Principal, PrincipalParseError> {
        if text == "anonymous" || text == "*" {
            return .success(Principal(kind: .anonymous, identifier: "anonymous", partition: "aws"))
        }
        if !text.hasPrefix("arn:") {
            if text.hasSuffix(".amazonaws.com") || text.hasSuffix(".amazonaws.com.cn"), !text.contains(" ") {
                return .success(Principal(kind: .service, identifier: text, partition: "aws"))
            }
            return .failure(PrincipalParseError(text: text))
        }
        let parts = splitARN(Substring(text))
        guard parts.count == 6, !parts[1].isEmpty, parts[3].isEmpty, parts[4].count == 12,
            parts[4].allSatisfy(\.isASCIIDigit)
        else { return .failure(PrincipalParseError(text: text)) }
        let partition = String(parts[1])
        let account = String(parts[4])
        let resource = parts[5]
        let pieces = resource.split(separator: "/", omittingEmptySubsequences: false)
        switch parts[2] {
        case "iam" where resource == "root":
            return .success(Principal(kind: .root, identifier: text, partition: partition, account: account))
        case "iam" where pieces.count >= 2 && (pieces[0] == "user" || pieces[0] == "role"):
            guard let last = pieces.last, !last.isEmpty, pieces.dropFirst().dropLast().allSatisfy({ !$0.isEmpty })
            else { return .failure(PrincipalParseError(text: text)) }
            let middle = pieces.dropFirst().dropLast().map(String.init)
            let path = "/" + middle.map { $0 + "/" }.joined()
            return .success(
                Principal(
                    kind: pieces[0] == "user" ? .user : .role, identifier: text, partition: partition,
                    account: account, name: String(last), path: path))
        case "sts" where pieces.count == 3 && pieces[0] == "assumed-role" && !pieces[1].isEmpty && !pieces[2].isEmpty:
            return .success(
                Principal(
                    kind: .roleSession, identifier: text, partition: partition, account: account,
                    name: String(pieces[1]), sessionName: String(pieces[2])))
        case "sts" where pieces.count == 2 && pieces[0] == "federated-user" && !pieces[1].isEmpty:
            return .success(
                Principal(
                    kind: .federatedUser, identifier: text, partition: partition, account: account,
                    name: String(pieces[1])))
        default:
            return .failure(PrincipalParseError(text: text))
        }
    }

    init(
        kind: Kind, identifier: String, partition: String, account: String? = nil, name: String? = nil,
        path: String? = nil, sessionName: String? = nil
    ) {
        self.kind = kind
        self.identifier = identifier
        self.partition = partition
        self.account = account
        self.name = name
        self.path = path
        self.sessionName = sessionName
        filledContextKeys = Evaluator.principalContextKeys(of: self)
    }

    /// Whether the principal acts through a role (a role ARN or an assumed-role session).
    public var isRole: Bool { kind == .role || kind == .roleSession }

    /// Whether session policies can exist for this principal (`reference_policies_evaluation-logic.md`: role
    /// sessions and federated-user sessions).
    public var canHaveSessionPolicy: Bool { isRole || kind == .federatedUser }

    /// Service-linked roles live under `/aws-service-role/`; SCPs do not restrict them.
    public var isServiceLinkedRole: Bool { kind == .role && (path ?? "").hasPrefix("/aws-service-role/") }

    /// The role's ARN (without path when only a session ARN was given).
    public var roleARN: String? {
        guard isRole, let account, let name else { return nil }
        if kind == .role { return identifier }
        return "arn:\(partition):iam::\(account):role/\(name)"
    }

    /// The value of `aws:PrincipalArn` (`reference_policies_condition-keys.md`: a role session reports its role).
    public var principalARN: String? {
        switch kind {
        case .roleSession: return roleARN
        case .service, .anonymous: return nil
        default: return identifier
        }
    }

    /// The value of `aws:PrincipalType`.
    public var principalType: String {
        switch kind {
        case .user: return "User"
        case .role, .roleSession: return "AssumedRole"
        case .federatedUser: return "FederatedUser"
        case .root: return "Account"
        case .service: return "Service"
        case .anonymous: return "Anonymous"
        }
    }
}

/// A principal string none of the supported forms recognise.
public struct PrincipalParseError: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var description: String {
        "unrecognised principal '\(text)' (expected an IAM user, role, assumed-role session, federated-user or root "
            + "ARN, a service principal such as 'imagebuilder.amazonaws.com', or 'anonymous')"
    }
}
