import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files a target hands to a use case that reads paths: a private directory made once per process, holding the
/// principal's policies; inputs written per run go beside them. It is removed when the process exits.
public final class FuzzWorkspace: Sendable {
    static let shared = FuzzWorkspace()

    /// The principal every check is made for.
    static let principal = "arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42"
    /// Everything but deleting images, which a condition on a tag the check cannot know leaves undetermined: every
    /// gate (open, denied, undetermined) is reachable.
    static let identityPolicy = """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "*"},
          {"Sid": "KeepImages", "Effect": "Deny", "Action": "imagebuilder:DeleteImage", "Resource": "*",
           "Condition": {"StringEquals": {"aws:ResourceTag/keep": "true"}}},
          {"Sid": "NoProduction", "Effect": "Deny", "Action": "imagebuilder:*",
           "Resource": "arn:aws:imagebuilder:*:444455556666:*"}]}
        """

    let directory: String
    let identityPolicyPath: String

    private init() {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("iamgate-fuzz-XXXXXX").path
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        directory = made ?? template
        identityPolicyPath = directory + "/identity.json"
        Self.writeFile(Array(Self.identityPolicy.utf8), atPath: identityPolicyPath)
        atexit { try? FileManager.default.removeItem(atPath: FuzzWorkspace.shared.directory) }
    }

    /// A path in the workspace.
    func path(_ name: String) -> String {
        directory + "/" + name
    }

    /// Writes `bytes` to `name` in the workspace (replacing it) and returns its path.
    @discardableResult
    func write(_ bytes: some Collection<UInt8>, to name: String) -> String {
        let path = path(name)
        Self.writeFile(bytes, atPath: path)
        return path
    }

    /// Writes `bytes` to `path`, replacing it; false if that failed. Plain POSIX calls: `FileManager.createFile`
    /// writes atomically and syncs the disk, which took most of the time of the targets that write their input.
    @discardableResult
    public static func writeFile(_ bytes: some Collection<UInt8>, atPath path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let contiguous = Array(bytes)
        var written = 0
        while written < contiguous.count {
            let count = contiguous.withUnsafeBytes { buffer in
                writeBytes(descriptor, buffer.baseAddress.map { $0 + written }, buffer.count - written)
            }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }
}

/// `write(2)`, named apart from the workspace's own `write`.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
