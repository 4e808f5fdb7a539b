using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PaperRadar.Core.Text;

namespace PaperRadar.Tests.Text;

/// <summary>
/// TeX accents in real arXiv metadata. The examples are copied from ../shared/data (listings, .abs files, the 2012
/// OAI harvest, the daily files); the expected Unicode is written by hand.
/// </summary>
public sealed class TexTextTests
{
    [Theory]
    // The common spellings, each from a real name or title.
    [InlineData(@"Spinor with Schr\""odinger symmetry", "Spinor with Schrödinger symmetry")]
    [InlineData(@"Schr\""{o}dinger-Virasoro", "Schrödinger-Virasoro")]
    [InlineData(@"Gr{\"" u}neisen", "Grüneisen")]
    [InlineData(@"Fra\"" {i}ss\' e limits", "Fraïssé limits")]
    [InlineData(@"Jean-Fran\c{c}ois", "Jean-François")]
    [InlineData(@"Jes K. J{\o}rgensen", "Jes K. Jørgensen")]
    [InlineData(@"T. A. En{\ss}lin", "T. A. Enßlin")]
    [InlineData(@"Micha{\l} J. Micha{\l}owski", "Michał J. Michałowski")]
    [InlineData(@"Erd\H{o}s and R\'enyi", "Erdős and Rényi")]
    [InlineData(@"the Erd\H os-Ko-Rado theorem", "the Erdős-Ko-Rado theorem")]
    [InlineData(@"Ji\v{r}\'i Svoboda", "Jiří Svoboda")]
    [InlineData(@"B{\l}a\.zej Nikiel", "Błażej Nikiel")]
    [InlineData(@"G\""o\u{g}\""u\c{s}", "Göğüş")]
    [InlineData(@"\c{C}al{\i}\c{s}kan", "Çalışkan")]
    [InlineData(@"M. Y{\i}ld{\i}z", "M. Yıldız")]
    [InlineData(@"Astrof\'{\i}sica de Canarias", "Astrofísica de Canarias")]
    [InlineData(@"Dept de F{\'\i}sica i Enginyeria", "Dept de Física i Enginyeria")]
    [InlineData(@"Lema\^{\i}tre-Tolman", "Lemaître-Tolman")]
    [InlineData(@"Bena\""{{\i}}m", "Benaïm")]
    [InlineData(@"Drewitz and Ram\'{{\i}}rez", "Drewitz and Ramírez")]
    [InlineData(@"Beno\^it Noyelles", "Benoît Noyelles")]
    [InlineData(@"Mu\~noz-Darias", "Muñoz-Darias")]
    [InlineData(@"Le F\`evre", "Le Fèvre")]
    [InlineData(@"Amp\`{e}re", "Ampère")]
    [InlineData(@"J\=anis", "Jānis")]
    [InlineData(@"Yi\u{g}it", "Yiğit")]
    [InlineData(@"Grz\k{e}dzielski", "Grzędzielski")]
    [InlineData(@"B{\l}\k{e}cka", "Błęcka")]
    [InlineData(@"Ond\v{r}ej Pejcha", "Ondřej Pejcha")]
    [InlineData(@"Bo\.zena Czerny", "Bożena Czerny")]
    [InlineData(@"\.Ibrahim Semiz", "İbrahim Semiz")]
    [InlineData(@"T\""UB{\.I}TAK", "TÜBİTAK")]
    [InlineData(@"H{\aa}kon Dahle", "Håkon Dahle")]
    [InlineData(@"{\AA}ke Nordlund", "Åke Nordlund")]
    [InlineData(@"{\O}ystein Elgar{\o}y", "Øystein Elgarøy")]
    [InlineData(@"Sigurd N{\ae}ss", "Sigurd Næss")]
    [InlineData(@"Einstein-{\AE}ther theory", "Einstein-Æther theory")]
    [InlineData(@"C{\'e}line B{\oe}hm", "Céline Bœhm")]
    [InlineData(@"trompe-l'\oe{}il", "trompe-l'œil")]
    [InlineData(@"Forna\ae{}ss-Wiegerinck", "Fornaæss-Wiegerinck")]
    [InlineData(@"{\L}ukasz Wyrzykowski", "Łukasz Wyrzykowski")]
    [InlineData(@"{\DJ}or{\dj}e Savi\'c", "Đorđe Savić")]
    [InlineData(@"Gu{\dh}mundur", "Guðmundur")]
    [InlineData(@"C\^ot\'e", "Côté")]
    [InlineData(@"Ib\'a\~nez-Mej\'ia", "Ibáñez-Mejía")]
    [InlineData(@"Nguy\~ên", "Nguyễn")]
    [InlineData(@"Kov\'acs, \'A.", "Kovács, Á.")]
    // v has no diaeresis form, so that accent stays as written.
    [InlineData(@"MTA-E\""ot\""vos", @"MTA-Eöt\""vos")]
    [InlineData(@"KRAK\'OW, POLAND", "KRAKÓW, POLAND")]
    [InlineData(@"{\L}o\'s-Tarski", "Łoś-Tarski")]
    [InlineData(@"z{\l}o\.zono\'s\'c", "złożoność")]
    // Control words eat the space before the next letter, as TeX does.
    [InlineData(@"P. Kj\ae rgaard Rasmussen", "P. Kjærgaard Rasmussen")]
    [InlineData(@"Einstein-\AE ther theory", "Einstein-Æther theory")]
    [InlineData(@"a suitable \L ojasiewicz--Simon inequality", "a suitable Łojasiewicz--Simon inequality")]
    [InlineData(@"previous work by K\r urka et al.", "previous work by Kůrka et al.")]
    // ... but the ångström after a number stays a word of its own.
    [InlineData(@"revised from 82 \AA to 93\AA. Then", "revised from 82 Å to 93Å. Then")]
    [InlineData(@"0.35 V/\AA are able", "0.35 V/Å are able")]
    [InlineData(@"2175 {\AA} bump", "2175 Å bump")]
    // An accent and a spaced letter (real, if unusual, TeX).
    [InlineData(@"Schr\"" odinger", "Schrödinger")]
    [InlineData(@"Sierpi\' nski Gasket Graphs", "Sierpiński Gasket Graphs")]
    [InlineData(@"via G\^ ateaux derivatives", "via Gâteaux derivatives")]
    [InlineData(@"S{\~ a}o Paulo", "São Paulo")]
    // Polish names written with \c before \k existed.
    [InlineData(@"Zi\c{e}tara, Wi\c{e}cek", "Ziętara, Więcek")]
    // Escapes and the URL tilde.
    [InlineData(@"A\&A", "A&A")]
    [InlineData(@"improves by 10\% and 5\#", "improves by 10% and 5#")]
    [InlineData(@"\texttt{gate\_proj}", @"\texttt{gate_proj}")]
    [InlineData(@"http://www.to.infn.it/\~{}gasperin", "http://www.to.infn.it/~gasperin")]
    public void RealExamplesDecode(string tex, string expected) => Assert.Equal(expected, TexText.Decode(tex));

    [Theory]
    // An escaped apostrophe, not ś, when written with a space.
    [InlineData(@"Harris\' s original method")]
    // No precomposed letter: the TeX stays rather than gain a combining mark.
    [InlineData(@"T. O\'Brien (2)")]
    [InlineData(@"Title: \'Free Collapse")]
    [InlineData(@"the t\={t} system")]
    // Mangled macros from real abstracts, where an accent seems to take a multi-letter argument.
    [InlineData(@"Spearman \r{ho} = 0.8")]
    [InlineData(@"weighted \k{appa} of 0.7")]
    [InlineData(@"against \b{eta}-VAE")]
    [InlineData(@"named \b geometric")]
    // Whole commands only: these begin with an accent's or a letter's name.
    [InlineData(@"\rho \overline \lambda \int \log \in \dot \cdot \cal \ssl \aal \ldots \ij \oslash \Lambda \AAA \lll \url")]
    [InlineData(@"\textbf{Bold} \emph{x} \cite{key} \url{http://x} \alpha")]
    // Math is never touched, whatever it holds.
    [InlineData(@"$\mathcal{O}(n)$ and $\hat{x}$ and $\tilde O$")]
    [InlineData(@"$\""o$ $$\'e$$ \(\v{c}\) \[\ss\]")]
    [InlineData(@"$\k$-algebra $\aa$ generated")]
    // Braces used for grouping or capitalisation stay.
    [InlineData(@"{BERT} for {ETOR} and x^{-3}")]
    [InlineData(@"Kolmogorov--Nagumo")]
    public void TextWithNothingToDecodeComesBackUnchanged(string tex) => Assert.Equal(tex, TexText.Decode(tex));

    [Fact]
    public void MathIsSkippedButTextAroundItIsDecoded()
    {
        const string tex = @"Schr\""odinger $\psi = \""o$ and \(\'e\) and \[\v{c}\] by M\""uller $$\AA$$ \'a";
        Assert.Equal(@"Schrödinger $\psi = \""o$ and \(\'e\) and \[\v{c}\] by Müller $$\AA$$ á", TexText.Decode(tex));
    }

    [Fact]
    public void AnEscapedDollarOpensNoMathButAnUnclosedDollarRunsToTheEnd()
    {
        Assert.Equal(@"costs \$5, says Müller", TexText.Decode(@"costs \$5, says M\""uller"));
        // Real: "… \otimes \Q$, for a finite group G, … a certain scheme \frak C_LG \'etale over L": a stray $.
        Assert.Equal(@"ö \otimes \Q$, scheme \'etale", TexText.Decode(@"\""o \otimes \Q$, scheme \'etale"));
    }

    [Fact]
    public void AGroupThatIsACommandsArgumentKeepsItsBraces()
    {
        Assert.Equal(@"\emph{ö} and \textbf{Müller} and x^{é} and ö", TexText.Decode(@"\emph{\""o} and \textbf{M\""uller} and x^{\'e} and {\""o}"));
    }

    [Fact]
    public void TextWithoutABackslashIsTheSameInstance()
    {
        var text = string.Concat("Attention Is ", "All You Need {BERT} $x$");
        Assert.Same(text, TexText.Decode(text));
    }

    [Fact]
    public void TextWhoseTexIsAllUnknownIsTheSameInstance()
    {
        var text = string.Concat(@"$\alpha$ and \textbf{", "bold}");
        Assert.Same(text, TexText.Decode(text));
    }

    [Fact]
    public void CompositionsAreTheUnicodeLetters()
    {
        // Written out by hand, independently of the table in TexText.
        var expected = new (char Accent, char Letter, string Composed)[]
        {
            ('\'', 'e', "\u00E9"), ('"', 'o', "\u00F6"), ('`', 'a', "\u00E0"), ('^', 'o', "\u00F4"), ('~', 'n', "\u00F1"),
            ('=', 'a', "\u0101"), ('.', 'z', "\u017C"), ('u', 'g', "\u011F"), ('v', 'c', "\u010D"), ('H', 'o', "\u0151"),
            ('c', 'c', "\u00E7"), ('k', 'a', "\u0105"), ('r', 'a', "\u00E5"), ('d', 's', "\u1E63"), ('b', 'k', "\u1E35"),
            ('\'', 'Z', "\u0179"), ('v', 'S', "\u0160"), ('"', 'Y', "\u0178"), ('.', 'I', "\u0130"), ('c', 'S', "\u015E"),
            ('\'', '\u00FC', "\u01D8"), ('~', '\u00EA', "\u1EC5"), ('\'', '\u0131', "\u00ED"), ('^', '\u0237', "\u0135"),
        };
        foreach (var (accent, letter, composed) in expected)
        {
            Assert.Equal(composed, TexText.Compose(accent, letter).ToString());
        }
    }

    /// <summary>
    /// Every accent on every letter it has a precomposed form for, in every spelling: one letter, never a combining
    /// mark. Exhaustive rather than sampled, since the set is finite (about 300 pairs).
    /// </summary>
    [Fact]
    public void EverySpellingOfEverySupportedAccentGivesOneNfcLetter()
    {
        var checkedPairs = 0;
        foreach (var (accent, _) in TexText.AccentCommands)
        {
            var isSymbol = !char.IsAsciiLetter(accent);
            foreach (var letter in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
            {
                var composed = TexText.Compose(accent, letter);
                if (composed == '\0')
                {
                    continue;
                }
                checkedPairs++;
                Assert.NotEqual(UnicodeCategory.NonSpacingMark, char.GetUnicodeCategory(composed));
                var expected = composed.ToString();
                // A letter-named accent needs a space before a bare letter (\vc would be the command \vc).
                var spellings = new List<string> { $@"{{\{accent}{{{letter}}}}}", $@"\{accent}{{{letter}}}" };
                if (isSymbol)
                {
                    spellings.Add($@"{{\{accent}{letter}}}");
                    spellings.Add($@"\{accent}{letter}");
                }
                else if (accent is not ('d' or 'b'))
                {
                    // \d and \b only with braces: bare, they are more often a user's macro.
                    spellings.Add($@"{{\{accent} {letter}}}");
                    spellings.Add($@"\{accent} {letter}");
                }
                foreach (var spelling in spellings)
                {
                    Assert.Equal(expected, TexText.Decode(spelling));
                }
            }
        }
        Assert.True(checkedPairs > 250, $"only {checkedPairs} accent/letter pairs");
    }

    [Fact]
    public void EverySpecialLetterGivesItsLetterInEverySpelling()
    {
        foreach (var (command, letter) in TexText.LetterCommands)
        {
            var expected = "x" + letter + "y";
            Assert.Equal(expected, TexText.Decode($@"x{{\{command}}}y"));
            Assert.Equal(expected, TexText.Decode($@"x\{command}{{}}y"));
            Assert.Equal(expected, TexText.Decode($@"x\{command} y"));
            Assert.Equal("x" + letter + ", y", TexText.Decode($@"x\{command}, y"));
        }
    }

    [Property]
    public bool TextWithoutABackslashIsReturnedAsIs(string? text)
    {
        var s = (text ?? "").Replace("\\", "", StringComparison.Ordinal);
        return ReferenceEquals(s, TexText.Decode(s));
    }

    [Property]
    public bool DecodingArbitraryTextIsIdempotent(string? text)
    {
        var once = TexText.Decode(text ?? "");
        return TexText.Decode(once) == once;
    }

    [Property(MaxTest = 2000)]
    public Property DecodingTexLikeTextIsIdempotent() =>
        Prop.ForAll(TexLikeText(), text =>
        {
            var once = TexText.Decode(text);
            return (TexText.Decode(once) == once).Label($"'{text}' → '{once}' → '{TexText.Decode(once)}'");
        });

    [Property(MaxTest = 2000)]
    public Property DecodingNeverAddsACombiningMark() =>
        Prop.ForAll(TexLikeText(), text => CombiningMarks(TexText.Decode(text)) <= CombiningMarks(text));

    [Property(MaxTest = 1000)]
    public Property DecodingNeverThrowsAndNeverLengthens() =>
        Prop.ForAll(TexLikeText(), text => TexText.Decode(text).Length <= text.Length);

    private static int CombiningMarks(string s) =>
        s.Count(c => char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark);

    /// <summary>Strings made of TeX's building blocks, so that accents, groups, math and commands meet at random.</summary>
    private static Arbitrary<string> TexLikeText()
    {
        string[] pieces =
        [
            @"\", "{", "}", "{}", "$", "$$", @"\(", @"\)", @"\[", @"\]", @"\\", @"\$", @"\{", @"\ ", " ", "  ", "^", "_",
            "'", "\"", "`", "~", "=", ".", ",", "-", "o", "e", "i", "s", "c", "a", "A", "O", "ê", "ü", "x", "2",
            @"\'", "\\\"", @"\`", @"\^", @"\~", @"\=", @"\.", @"\u", @"\v", @"\H", @"\c", @"\k", @"\r", @"\d", @"\b",
            @"\t", @"\i", @"\j", @"\o", @"\O", @"\ss", @"\aa", @"\AA", @"\ae", @"\l", @"\L", @"\dh", @"\dj", @"\&",
            @"\%", @"\#", @"\_", @"\rho", @"\cdot", @"\emph", @"\textbf", "\u0301", "\u0308",
        ];
        return Gen.Elements(pieces).ArrayOf().Select(string.Concat).ToArbitrary();
    }
}
