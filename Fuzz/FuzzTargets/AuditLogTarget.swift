import IAMGateKit

/// exec's audit logs (JSON Lines chained by SHA-256), as `iamgate audit-log verify FILE` reads them.
enum AuditLogTarget {
    static func run(_ bytes: [UInt8]) {
        let path = FuzzWorkspace.shared.write(bytes, to: "audit.jsonl")
        switch Result(catching: { () throws(InputError) in try AuditLogVerification.verify(path: path) }) {
        case .success(let verification): _ = "\(verification.records) \(verification.problem ?? "")"
        case .failure(let error): _ = error.description
        }
    }
}
