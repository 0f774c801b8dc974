import Wildcard

/// Fast paths for ASCII text. Policy text is almost always ASCII, and there every `Character` is one UTF-8 byte —
/// except `"\r\n"`, which is one `Character` of two bytes — so byte loops give exactly the results of the
/// `Character`-based code, which stays in place for everything else.
extension String {
    /// Whether every UTF-8 byte is ASCII.
    @inline(__always)
    var isASCIIText: Bool {
        var copy = self
        return copy.withUTF8 { isASCIIBytes($0) }
    }
}

extension Substring {
    /// Whether every UTF-8 byte is ASCII.
    @inline(__always)
    var isASCIIText: Bool {
        var copy = self
        return copy.withUTF8 { isASCIIBytes($0) }
    }
}
