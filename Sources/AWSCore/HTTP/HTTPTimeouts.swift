/// How long the transport waits: `connect` bounds name resolution plus the TCP and TLS handshakes, `total` bounds the
/// whole exchange, connecting included.
public struct HTTPTimeouts: Sendable, Hashable {
    /// The longest wait for a connection to be established.
    public var connect: Duration
    /// The longest wait for the complete response, from the start of the call.
    public var total: Duration

    public init(connect: Duration = .seconds(10), total: Duration = .seconds(60)) {
        self.connect = connect
        self.total = total
    }

    /// 10 s to connect, 60 s in all: botocore's connect timeout, and room for a large authorization-details page.
    public static let `default` = HTTPTimeouts()

    /// A duration in whole milliseconds, at least 1 (libcurl reads 0 as "no limit").
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let total = seconds.multipliedReportingOverflow(by: 1000)
        guard !total.overflow else { return Int.max }
        return max(1, Int(total.partialValue + attoseconds / 1_000_000_000_000_000))
    }

    /// A duration as people write it in a message: `10 s`, `0.25 s`.
    static func describe(_ duration: Duration) -> String {
        let milliseconds = milliseconds(duration)
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        var text = String(Double(milliseconds) / 1000)
        while text.hasSuffix("0") { text.removeLast() }
        return "\(text) s"
    }
}
