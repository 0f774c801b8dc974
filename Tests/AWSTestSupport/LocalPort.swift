import Foundation

/// Free TCP ports of 127.0.0.1 for servers that must be told their port.
public enum LocalPort {
    /// A port that was free a moment ago: bound to port 0, read back, released. Another process may take it before
    /// the caller binds it, so a caller that starts a server on it retries with a new port when the bind fails.
    public static func unused() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestServerFailure(description: "socket() failed (errno \(errno))") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else { throw TestServerFailure(description: "could not bind a probe socket (errno \(errno))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
