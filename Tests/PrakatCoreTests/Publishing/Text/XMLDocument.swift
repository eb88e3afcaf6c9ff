import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A parsed XML document as a flat list of elements with their path, attributes and text,
/// read with Foundation's `XMLParser`, so a test sees exactly what a feed reader would.
struct ParsedXML {
    struct Element: Equatable {
        let path: String
        let attributes: [String: String]
        let text: String
    }

    let elements: [Element]

    /// Nil when the parser reports the document as not well-formed.
    init?(_ xml: String) {
        let collector = Collector()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = collector
        guard parser.parse(), parser.parserError == nil else { return nil }
        elements = collector.elements
    }

    func all(_ path: String) -> [Element] { elements.filter { $0.path == path } }
    func texts(_ path: String) -> [String] { all(path).map(\.text) }
    func text(_ path: String) -> String? { all(path).first?.text }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        private var open: [(name: String, attributes: [String: String], text: String)] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            open.append((elementName, attributeDict, ""))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !open.isEmpty else { return }
            open[open.count - 1].text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            let path = open.map(\.name).joined(separator: "/")
            let element = open.removeLast()
            elements.append(Element(path: path, attributes: element.attributes, text: element.text))
        }
    }
}
