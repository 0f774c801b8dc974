import AWSCore
import AWSServices

/// The caller of a session and the IAM principal iamgate checks for it.
public struct Caller: Sendable, Hashable {
    /// `GetCallerIdentity`'s answer.
    public var identity: CallerIdentity
    /// The user or role whose policies govern the caller: the caller's ARN, or for an assumed-role session its role.
    public var principalARN: String
    /// Something the user should know about the mapping (e.g. the role's path could not be read).
    public var note: ReportNote?

    public init(identity: CallerIdentity, principalARN: String, note: ReportNote? = nil) {
        self.identity = identity
        self.principalARN = principalARN
        self.note = note
    }

    /// Asks STS who the credentials belong to. An assumed-role session maps to its role; the session ARN lacks the
    /// role's path, so `GetRole` supplies the exact ARN, and when that call is not allowed the path-less ARN is used
    /// with a note (`roles` — e.g. from the account's authorization details — answers without a call).
    public static func resolve(session: AWSSession, roles: [String: String]? = nil) throws(RuntimeError) -> Caller {
        let sts = try session.sts()
        let identity = try session.call("sts GetCallerIdentity") { () throws(AWSServiceError) in
            try sts.getCallerIdentity()
        }
        let mapped = try roleARN(forSession: identity.arn, session: session, roles: roles)
        return Caller(identity: identity, principalARN: mapped.arn, note: mapped.note)
    }
}

extension Caller {
    /// The role ARN of an assumed-role session: from `roles` (name → ARN) when given, else `GetRole` (the session
    /// ARN lacks the role's path), else the path-less ARN with a note saying so.
    static func roleARN(forSession sessionARN: String, session: AWSSession, roles: [String: String]?)
        throws(RuntimeError) -> (arn: String, note: ReportNote?)
    {
        guard let pathless = STSClient.roleARN(forAssumedRoleSession: sessionARN) else {
            return (sessionARN, nil)
        }
        let name = String(pathless[pathless.index(after: pathless.lastIndex(of: "/") ?? pathless.startIndex)...])
        if let roles {
            guard let arn = roles[name] else {
                throw RuntimeError(
                    "\(sessionARN) is a session of role '\(name)', which the account's authorization details do not "
                        + "list")
            }
            return (arn, nil)
        }
        do {
            return (try session.iam().roleARN(name: name), nil)
        } catch let error as AWSServiceError {
            return (pathless, .rolePathUnknown(assumed: pathless, because: .getRole(errorCode: error.code)))
        } catch {
            return (pathless, .rolePathUnknown(assumed: pathless, because: .other("\(error)")))
        }
    }
}
