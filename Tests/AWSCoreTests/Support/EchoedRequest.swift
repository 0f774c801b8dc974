import AWSCore
import Foundation

/// What the test server's `/echo` route saw.
struct EchoedRequest: Decodable {
    let method: String
    let path: String
    let query: String
    let headers: [[String]]
    let body: String
    let bodyBase64: String
    let clientPort: Int

    init(_ response: HTTPResponse) throws {
        self = try JSONDecoder().decode(EchoedRequest.self, from: Data(response.body))
    }

    /// The header pairs as (name, value).
    var headerPairs: [HTTPHeader] {
        headers.compactMap { $0.count == 2 ? HTTPHeader($0[0], $0[1]) : nil }
    }

    var bodyBytes: [UInt8] {
        Array(Data(base64Encoded: bodyBase64) ?? Data())
    }

    func values(_ name: String) -> [String] {
        headerPairs.filter { $0.hasName(name) }.map(\.value)
    }
}
