#!/usr/bin/env python3
"""Writes the uncompressed profile.proto fixtures of this folder (run once; see README.md)."""

import os


def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def field(number, payload):
    """A length-delimited field."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def integer(number, value):
    return varint(number << 3) + varint(value) if value else b""


def packed(number, values):
    return field(number, b"".join(varint(v) for v in values)) if values else b""


class Profile:
    def __init__(self):
        self.strings = [b""]
        self.body = bytearray()
        self.tail = bytearray()

    def s(self, text):
        data = text if isinstance(text, bytes) else text.encode()
        if data not in self.strings:
            self.strings.append(data)
        return self.strings.index(data)

    def sample_type(self, type_, unit):
        self.body += field(1, integer(1, self.s(type_)) + integer(2, self.s(unit)))

    def sample(self, locations, values, labels=()):
        message = packed(1, locations) + packed(2, values)
        for key, value in labels:
            if isinstance(value, int):
                message += field(3, integer(1, self.s(key)) + integer(3, value))
            else:
                message += field(3, integer(1, self.s(key)) + integer(2, self.s(value)))
        self.body += field(2, message)

    def mapping(self, id_, start, limit, file_):
        self.body += field(3, integer(1, id_) + integer(2, start) + integer(3, limit) + integer(5, self.s(file_)))

    def location(self, id_, address, lines, mapping=0):
        message = integer(1, id_) + integer(2, mapping) + integer(3, address)
        for function, line in lines:
            message += field(4, integer(1, function) + integer(2, line))
        self.body += field(4, message)

    def function(self, id_, name, system_name=None, file_=b"", start_line=0):
        system = name if system_name is None else system_name
        self.body += field(5, integer(1, id_) + integer(2, self.s(name)) + integer(3, self.s(system))
                           + integer(4, self.s(file_)) + integer(5, start_line))

    def period(self, type_, unit, period):
        self.tail += field(11, integer(1, self.s(type_)) + integer(2, self.s(unit))) + integer(12, period)

    def comment(self, text):
        self.tail += integer(13, self.s(text)) if self.s(text) else b""

    def write(self, path):
        strings = b"".join(field(6, s) for s in self.strings)
        with open(path, "wb") as f:
            f.write(bytes(self.body) + strings + bytes(self.tail))


def invalid_utf8():
    p = Profile()
    p.sample_type("samples", "count")
    p.sample_type("cpu", "nanoseconds")
    p.mapping(1, 0x400000, 0x500000, b"/opt/app/caf\xe9.bin")
    p.function(1, b"main.caf\xe9", file_=b"/src/caf\xe9.go")                 # Latin-1 byte
    p.function(2, b"main.\xff\xfe", file_=b"/src/x.go")                        # bytes never in UTF-8
    p.function(3, b"main.cut\xe2\x82", file_=b"/src/x.go")                     # truncated sequence
    p.function(4, "main.naïve€😀".encode(), file_=b"/src/ok.go")              # valid, up to 4 bytes
    p.function(5, b"main.surrogate\xed\xa0\x80", file_=b"/src/x.go")           # an encoded surrogate
    p.function(6, b"main.overlong\xc0\xaf", file_=b"/src/x.go")                # overlong encoding
    for i in range(1, 7):
        p.location(i, 0x400000 + 0x10 * i, [(i, 10 * i)], mapping=1)
    p.sample([1, 4], [3, 30000000], [(b"user", b"\xc3\x28"), (b"k\xf0", b"v")])
    p.sample([2, 4], [2, 20000000], [(b"user", "zoë".encode())])
    p.sample([3, 5, 4], [1, 10000000], [(b"bytes", 4096)])
    p.sample([6, 1], [5, 50000000])
    p.period("cpu", "nanoseconds", 10000000)
    p.comment(b"built by caf\xe9")
    p.write("invalid-utf8.pb")


def no_mapping():
    p = Profile()
    p.sample_type("alloc_space", "bytes")
    p.function(1, "main.leaf", file_="/src/main.go")
    p.function(2, "main.main", file_="/src/main.go")
    p.function(3, "runtime.main", file_="/src/proc.go")
    p.location(1, 0x1000, [(1, 12)])
    p.location(2, 0x2000, [(2, 30)])
    p.location(3, 0x3000, [(3, 250)])
    p.location(4, 0, [(1, 14)])
    p.sample([1, 2, 3], [4096])
    p.sample([4, 2, 3], [1024])
    p.period("space", "bytes", 524288)
    p.write("no-mapping.pb")


def one_frame(function, file_, address, line):
    """A profile of samples/count in /opt/app/server whose only location is one function's line."""
    p = Profile()
    p.sample_type("samples", "count")
    p.mapping(1, 0x400000, 0x500000, "/opt/app/server")
    p.function(1, function, file_=file_)
    p.location(1, address, [(1, line)], mapping=1)
    return p


def no_period_type():
    p = one_frame("main.work", "/src/main.go", 0x400100, 7)
    p.sample([1], [9])
    p.write("no-period-type.pb")


def cpp_names():
    p = Profile()
    p.sample_type("samples", "count")
    p.mapping(1, 0x400000, 0x500000, "/opt/app/engine")
    names = [
        "std::vector<int, std::allocator<int> >::push_back(int const&)",
        "(anonymous namespace)::Parser::parse(char const*, unsigned long)",
        "ns::Widget<ns::Gadget<int> >::draw() const",
        "ns::overloaded(int)",
        "ns::overloaded(long)",
        "Foo::operator()(int)",
        "ns::lambda::{lambda(int)#1}::operator()(int) const",
        "unbalanced::f(int",
        "closed::too::many)(",
        "java.lang.Object.<init>",
        "com.example.Cache.get(java.lang.String)",
        "main.(*List[...]).Push",
        "main.Map[...]",
        "main.Sum[go.shape.int_0]",
        "plain_c_function",
        "arr[3]::g(int)",
    ]
    for i, name in enumerate(names, 1):
        p.function(i, name, file_="/src/engine.cc", start_line=i)
    # Named apart from its system name: pprof leaves it alone. Nameless: it takes its system name, simplified.
    p.function(len(names) + 1, "Already::demangled(int)", "Already::demangled(int) [clone .cold]", "/src/engine.cc")
    p.function(len(names) + 2, "", "nameless::f<int>(int)", "/src/engine.cc")
    functions = len(names) + 2
    for i in range(1, functions + 1):
        p.location(i, 0x400000 + 0x10 * i, [(i, 100 + i)], mapping=1)
    p.location(functions + 1, 0x400400, [(4, 200), (6, 300)], mapping=1)  # inlined frames
    for i in range(1, functions + 1):
        p.sample([i, functions + 1], [i])
    p.period("samples", "count", 1)
    p.write("cpp-names.pb")


def unicode_names():
    p = Profile()
    p.sample_type("samples", "count")
    p.mapping(1, 0x400000, 0x500000, "/opt/app/server")
    names = [
        "example.com/naïve/pkg.Func",            # Go: \w is ASCII only, so the path stops shortening at ï
        "gitlab.com/ünï/v2/pkg.(*T).M",
        "com.exämple.Cäche.get(java.lang.String)",
        "com.example.Cache.get$١",               # an Arabic-Indic digit is no \d
        "nš::Wïdget::draw",
        "ns::Widget::dräw",
        "ascii.com/plain/pkg.Func",
    ]
    for i, name in enumerate(names, 1):
        p.function(i, name, file_="/src/x.go")
        p.location(i, 0x400000 + 0x10 * i, [(i, i)], mapping=1)
        p.sample([i], [i])
    p.write("unicode-names.pb")


def wide_labels():
    p = one_frame("main.f😀", "/src/x.go", 0x400010, 1)
    # Go pads by runes: 😀 is one, though two UTF-16 units.
    p.sample([1], [5], [("😀".encode(), b"x"), (b"k", "naïve😀".encode()), ("€".encode(), 7)])
    p.sample([1], [3], [("😀".encode(), "y😀😀".encode()), (b"k", b"\xc3\x28")])
    p.write("wide-labels.pb")


def escaped_labels():
    p = one_frame("main.f", "/src/x.go", 0x400010, 1)
    # 0xFF is Go's tabwriter escape: between two, a tab is text; one left open runs to the end of the report.
    p.sample([1], [5], [(b"a", b"x\xff\ty\xffz"), (b"b", b"plain"), (b"long key \xff\t\xff", b"v"),
                        (b"c\fd", b"v\vw")])
    p.sample([1], [3], [(b"a", b"w"), (b"zz\xff", b"open")])
    p.write("escaped-labels.pb")


if __name__ == "__main__":
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    invalid_utf8()
    no_mapping()
    no_period_type()
    cpp_names()
    unicode_names()
    wide_labels()
    escaped_labels()
