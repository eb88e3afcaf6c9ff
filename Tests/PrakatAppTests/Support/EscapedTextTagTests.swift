import Foundation
import LeafKit
import NIOCore
import NIOPosix
import Testing

@testable import PrakatApp

/// `#text(x)` must print exactly what `#(x)` prints, for any value a view model holds, and never
/// anything unescaped.
@Suite("Views: the #text tag")
struct EscapedTextTagTests {
    /// One template, read from memory.
    struct MemorySource: LeafSource {
        let template: String

        func file(template name: String, escape: Bool, on eventLoop: any EventLoop) throws -> EventLoopFuture<ByteBuffer> {
            eventLoop.makeSucceededFuture(ByteBuffer(string: template))
        }
    }

    static func render(_ template: String, _ context: [String: LeafData]) throws -> String {
        let sources = LeafSources()
        try sources.register(source: "memory", using: MemorySource(template: template))
        var tags = defaultTags
        tags["text"] = EscapedTextTag()
        let renderer = LeafRenderer(
            configuration: LeafConfiguration(rootDirectory: "/"), tags: tags, cache: DefaultLeafCache(), sources: sources,
            eventLoop: MultiThreadedEventLoopGroup.singleton.next())
        return String(buffer: try renderer.render(path: "t", context: context).wait())
    }

    @Test func printsWhatTheEscapingExpressionPrints() throws {
        let values: [LeafData] = [
            .string("<script>alert(\"x\")</script> & 'ก'"), .string("สำนักงานสาธารณสุขจังหวัดชลบุรี"), .string("\"\u{301}<\u{E4D}>"),
            .string(""), .int(42), .double(2.5), .bool(true), .trueNil
        ]
        for value in values {
            let plain = try Self.render("[#(v)]", ["v": value])
            let fast = try Self.render("[#text(v)]", ["v": value])
            #expect(fast == plain, "\(value)")
        }
        #expect(try Self.render("#text(v)", ["v": .string("<b>&")]) == "&lt;b&gt;&amp;")
        #expect(try Self.render("[#text(missing)]", [:]) == "[]")
    }

    /// A list or dictionary would print its contents unescaped from an unescaped tag: nothing is printed.
    @Test func printsNothingForCollections() throws {
        #expect(try Self.render("[#text(v)]", ["v": .array([.string("<b>")])]) == "[]")
        #expect(try Self.render("[#text(v)]", ["v": .dictionary(["k": .string("<b>")])]) == "[]")
    }

    @Test func takesExactlyOneValue() {
        #expect(throws: (any Error).self) { try Self.render("#text(a, b)", ["a": .string("1"), "b": .string("2")]) }
        #expect(throws: (any Error).self) { try Self.render("#text()", [:]) }
    }
}
