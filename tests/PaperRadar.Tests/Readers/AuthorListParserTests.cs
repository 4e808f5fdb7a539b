using PaperRadar.Core.Readers;
using PaperRadar.Core.Text;

namespace PaperRadar.Tests.Readers;

/// <summary>
/// The author splitter on real <c>Authors:</c> values from ../shared/data/arxiv-listings (the listing file each comes
/// from is named above it), chosen for difficulty. Expected names and affiliations were written out by hand.
/// </summary>
public sealed class AuthorListParserTests
{
    private static void AssertAuthors(string authors, params (string Name, string? Affiliation)[] expected) =>
        Assert.Equal(expected, AuthorListParser.Parse(authors).Select(a => (a.Name, a.Affiliation)).ToArray());

    private static (string, string?) A(string name, string? affiliation = null) => (name, affiliation);

    // astro-ph 1301
    [Fact]
    public void CommaListEndingInCommaAnd()
    {
        AssertAuthors("Jianfeng Wu, W. N. Brandt, Brendan P. Miller, Gordon P. Garmire, Donald P. Schneider, and Cristian Vignali",
            A("Jianfeng Wu"), A("W. N. Brandt"), A("Brendan P. Miller"), A("Gordon P. Garmire"), A("Donald P. Schneider"),
            A("Cristian Vignali"));
    }

    // astro-ph 0602
    [Fact]
    public void EachAuthorHasTheAffiliationAfterItAndAmpersandSeparates()
    {
        AssertAuthors(
            "B. D. Lehmer (PSU), W. N. Brandt (PSU), A. E. Hornschemeier (GSFC), D. M. Alexander (IoA), F. E. Bauer " +
            "(Columbia), A. M. Koekemoer (STScI), D. P. Schneider (PSU), & A. T. Steffen (PSU)",
            A("B. D. Lehmer", "PSU"), A("W. N. Brandt", "PSU"), A("A. E. Hornschemeier", "GSFC"), A("D. M. Alexander", "IoA"),
            A("F. E. Bauer", "Columbia"), A("A. M. Koekemoer", "STScI"), A("D. P. Schneider", "PSU"),
            A("A. T. Steffen", "PSU"));
    }

    // astro-ph 0602
    [Fact]
    public void ClosingParenthesisEndsAnAuthorWithoutAComma()
    {
        AssertAuthors(
            "Darren S. Reed (ICC-Durham/LANL) Fabio Governato (Univ. of Washington/O. A. Brera, Milan) Thomas Quinn " +
            "(Univ. of Washington) Joachim Stadel (Univ. of Zurich) George Lake (Univ. of Zurich)",
            A("Darren S. Reed", "ICC-Durham/LANL"), A("Fabio Governato", "Univ. of Washington/O. A. Brera, Milan"),
            A("Thomas Quinn", "Univ. of Washington"), A("Joachim Stadel", "Univ. of Zurich"),
            A("George Lake", "Univ. of Zurich"));
    }

    // astro-ph 0001
    [Fact]
    public void TrailingAffiliationAppliesToTheAuthorRightBeforeIt()
    {
        AssertAuthors("G.J. Qiao, R.X. Xu, J.F. Liu, J.L. Han, B. Zhang (CAS-PKU BAC & Astronomy Department, PKU)",
            A("G.J. Qiao"), A("R.X. Xu"), A("J.F. Liu"), A("J.L. Han"),
            A("B. Zhang", "CAS-PKU BAC & Astronomy Department, PKU"));
    }

    // astro-ph 0001
    [Fact]
    public void TrailingAffiliationAfterAndIsNotCopiedToTheFirstAuthor()
    {
        AssertAuthors("S.B. Popov and M.E. Prokhorov (Sternberg Astronomical Institute)",
            A("S.B. Popov"), A("M.E. Prokhorov", "Sternberg Astronomical Institute"));
    }

    // astro-ph 0001
    [Fact]
    public void TwoAuthorsJoinedByAndEachWithAnAffiliation()
    {
        AssertAuthors("Julio F. Navarro (University of Victoria) and Matthias Steinmetz (University of Arizona)",
            A("Julio F. Navarro", "University of Victoria"), A("Matthias Steinmetz", "University of Arizona"));
    }

    // astro-ph 0001
    [Fact]
    public void NumberedAffiliationsResolveEvenWhenTheNumberFollowsAComma()
    {
        AssertAuthors(
            "Eunhyeuk Kim (1), Myung Gyoon Lee, (1), and Doug Geisler (2) ((1) Seoul National University, Korea (2) " +
            "Universidad de Concepcion, Chile)",
            A("Eunhyeuk Kim", "Seoul National University, Korea"), A("Myung Gyoon Lee", "Seoul National University, Korea"),
            A("Doug Geisler", "Universidad de Concepcion, Chile"));
    }

    // astro-ph 1609
    [Fact]
    public void NumbersJoinedByAndGiveBothAffiliations()
    {
        AssertAuthors(
            "Peter J. Barnes (1 and 2), Audra K. Hernandez (3), Stefan N. O'Dougherty (4), William J. Schap III (1), and " +
            "Erik Muller (5) ((1) University of Florida, (2) University of New England, (3) University of Wisconsin, (4) " +
            "University of Arizona, (5) National Astronomical Observatory of Japan)",
            A("Peter J. Barnes", "University of Florida; University of New England"),
            A("Audra K. Hernandez", "University of Wisconsin"), A("Stefan N. O'Dougherty", "University of Arizona"),
            A("William J. Schap III", "University of Florida"), A("Erik Muller", "National Astronomical Observatory of Japan"));
    }

    // astro-ph 1803
    [Fact]
    public void NumbersSeparatedOnlyBySpaces()
    {
        AssertAuthors(
            "H. Saio (1), T. R. Bedding (2 3), D. W. Kurtz (4), S. J. Murphy (2 3), V. L. Antoci (3), H. Shibahashi (5), " +
            "Gang Li (2 3), M. Takata (5) ((1) Tohoku University, (2) University of Sydney, (3) Aarhus University, (4) " +
            "University of Central Lancashire, (5) University of Tokyo)",
            A("H. Saio", "Tohoku University"), A("T. R. Bedding", "University of Sydney; Aarhus University"),
            A("D. W. Kurtz", "University of Central Lancashire"), A("S. J. Murphy", "University of Sydney; Aarhus University"),
            A("V. L. Antoci", "Aarhus University"), A("H. Shibahashi", "University of Tokyo"),
            A("Gang Li", "University of Sydney; Aarhus University"), A("M. Takata", "University of Tokyo"));
    }

    // astro-ph 1810
    [Fact]
    public void ParenthesisedNumbersInsideAGroupAreReferencesNotDefinitions()
    {
        AssertAuthors(
            "Etienne A. Kaiser (1), Raphael Hirschi ((1) and (2)), W. David Arnett (3), Andrea Cristini (4), Cyril Georgy " +
            "(5) and Laura J. A. Scott (1) ((1) Keele University, UK, (2) University of Tokyo, Japan, (3) University of " +
            "Arizona, USA, (4) University of Oklahoma, USA, (5) University of Geneva, Switzerland)",
            A("Etienne A. Kaiser", "Keele University, UK"), A("Raphael Hirschi", "Keele University, UK; University of Tokyo, Japan"),
            A("W. David Arnett", "University of Arizona, USA"), A("Andrea Cristini", "University of Oklahoma, USA"),
            A("Cyril Georgy", "University of Geneva, Switzerland"), A("Laura J. A. Scott", "Keele University, UK"));
    }

    // astro-ph 0610
    [Fact]
    public void LetterLabelsWithoutSpaceAfterThem()
    {
        AssertAuthors(
            "Dariusz Gora (a, b), Markus Roth (c), Alessio Tamburro (a) ((a) Universitat Karlsruhe, (b)Institute of " +
            "Nuclear Physics PAN, (c)Forschungszentrum Karlsruhe)",
            A("Dariusz Gora", "Universitat Karlsruhe; Institute of Nuclear Physics PAN"),
            A("Markus Roth", "Forschungszentrum Karlsruhe"), A("Alessio Tamburro", "Universitat Karlsruhe"));
    }

    // astro-ph 9711
    [Fact]
    public void AcronymLabelsResolveToTheirDefinitions()
    {
        AssertAuthors(
            "V. de Lapparent (IAP), G. Galaz (IAP), S. Arnouts (IAP), S. Bardelli (OAT), M. Ramella (OAT) ((IAP) Institut " +
            "d'Astrophysique de Paris, CNRS (OAT) Osservatorio Astronomico di Trieste)",
            A("V. de Lapparent", "Institut d'Astrophysique de Paris, CNRS"), A("G. Galaz", "Institut d'Astrophysique de Paris, CNRS"),
            A("S. Arnouts", "Institut d'Astrophysique de Paris, CNRS"), A("S. Bardelli", "Osservatorio Astronomico di Trieste"),
            A("M. Ramella", "Osservatorio Astronomico di Trieste"));
    }

    // astro-ph 1805
    [Fact]
    public void DefinitionsInSquareBrackets()
    {
        AssertAuthors(
            "Narendra Nath Patra (1), Nissim Kanekar (1), Jayaram N. Chengalur (1), and Nirupam Roy (2) [(1) National " +
            "Centre for Radio Astrophysics, India, (2) Indian Institute of Science, India]",
            A("Narendra Nath Patra", "National Centre for Radio Astrophysics, India"),
            A("Nissim Kanekar", "National Centre for Radio Astrophysics, India"),
            A("Jayaram N. Chengalur", "National Centre for Radio Astrophysics, India"),
            A("Nirupam Roy", "Indian Institute of Science, India"));
    }

    // astro-ph 0601
    [Fact]
    public void OneDefinitionGroupPerNumber()
    {
        AssertAuthors(
            "A.E. Shabad (1) and V.V. Usov (2) ((1) P.N. Lebedev Physics Institute, Moscow, Russia) ((2) Center for " +
            "Astrophysics, Weizmann Institute of Science, Rehovot, Israel)",
            A("A.E. Shabad", "P.N. Lebedev Physics Institute, Moscow, Russia"),
            A("V.V. Usov", "Center for Astrophysics, Weizmann Institute of Science, Rehovot, Israel"));
    }

    // astro-ph 1307
    [Fact]
    public void NumbersWrittenBeforeTheNamesBelongToTheNameAfterThem()
    {
        AssertAuthors(
            "(1) Jacco Vink, (2) Ryo Yamazaki ((1) Anton Pannekoek Institute/GRAPPA, University of Amsterdam, " +
            "Netherlands, (2) Dept. of Physics and Mathematics, Aoyama Gakuin University, Sagamihara, Japan)",
            A("Jacco Vink", "Anton Pannekoek Institute/GRAPPA, University of Amsterdam, Netherlands"),
            A("Ryo Yamazaki", "Dept. of Physics and Mathematics, Aoyama Gakuin University, Sagamihara, Japan"));
    }

    // astro-ph 0701
    [Fact]
    public void NumbersBeforeTheNamesWithTwoForOneAuthor()
    {
        AssertAuthors(
            "(1) S.B. Vinogradov, (1,2) P. Berczik, ((1) MAO NASU Kiev, Ukraine, (2) ARI ZAH, Heidelberg, Germany)",
            A("S.B. Vinogradov", "MAO NASU Kiev, Ukraine"), A("P. Berczik", "MAO NASU Kiev, Ukraine; ARI ZAH, Heidelberg, Germany"));
    }

    // astro-ph 0901
    [Fact]
    public void DefinitionSharedByTwoNumbersIsGivenOnce()
    {
        AssertAuthors(
            "Laura Magrini (1,2), Letizia Stanghellini (3), Eva Villaver (4) ((1,2) INAF-INOA Osservatorio di Arcetri, " +
            "Italy (3) NOAO, US (4) STSI, US)",
            A("Laura Magrini", "INAF-INOA Osservatorio di Arcetri, Italy"), A("Letizia Stanghellini", "NOAO, US"),
            A("Eva Villaver", "STSI, US"));
    }

    // astro-ph, the stray closing parenthesis is in the original
    [Fact]
    public void StrayClosingParenthesisAtTheEndIsIgnored()
    {
        AssertAuthors(
            "G. Giardino (1), F. Favata (1), G. Micela (2), and F. Reale (3) ((1) RSSD - ESA, (2) Osservatorio " +
            "Astronomico di Palermo, (3) Universita' di Palermo))",
            A("G. Giardino", "RSSD - ESA"), A("F. Favata", "RSSD - ESA"), A("G. Micela", "Osservatorio Astronomico di Palermo"),
            A("F. Reale", "Universita' di Palermo"));
    }

    // astro-ph 9709
    [Fact]
    public void DefinitionsWrittenWithoutTheirEnclosingGroup()
    {
        AssertAuthors(
            "F. Combes (1), T. Wiklind (2), N. Nakai (3) (1) Paris Observatory, (2) Onsala Observatory, (3) Nobeyama Observatory",
            A("F. Combes", "Paris Observatory"), A("T. Wiklind", "Onsala Observatory"), A("N. Nakai", "Nobeyama Observatory"));
    }

    // astro-ph 9906
    [Fact]
    public void NoteBesideANumberIsKeptAsWritten()
    {
        AssertAuthors(
            "P. E. Freeman (1), D. Q. Lamb (1), J. C. L. Wang (2;deceased), I. Wasserman (3), T. J. Loredo (3), E. E. " +
            "Fenimore (4), T. Murakami (5), A. Yoshida (6) ((1) University of Chicago, (2) University of Maryland, (3) " +
            "Cornell University, (4) LANL, (5) ISAS [Japan], (6) IPCR [Japan])",
            A("P. E. Freeman", "University of Chicago"), A("D. Q. Lamb", "University of Chicago"),
            A("J. C. L. Wang", "University of Maryland; deceased"), A("I. Wasserman", "Cornell University"),
            A("T. J. Loredo", "Cornell University"), A("E. E. Fenimore", "LANL"), A("T. Murakami", "ISAS [Japan]"),
            A("A. Yoshida", "IPCR [Japan]"));
    }

    // astro-ph 0606
    [Fact]
    public void LettersAfterASlashAndALabelNothingDefines()
    {
        var authors = AuthorListParser.Parse(
            "Olivier Guyon (a, b), James R.P. Angel (b), Charles Bowers (c), James Burge (b), Adam Burrows (b), Johanan " +
            "Codona (b), Thomas Greene (d), Masanori Iye (e), James Kasting (f), Hubert Martin (b), Donald W. McCarthy, " +
            "Jr. (b), Victoria Meadows (g), Michael Meyer (b), Eugene A. Pluzhnik (a), Norman Sleep (h), Tony Spears (i), " +
            "Motohide Tamura (e), Domenick Tenerelli (j), Robert Vanderbei (k), Bruce Woodgate (c), Robert A. Woodruff " +
            "(j), Neville J. Woolf (b) / ((a) Subaru Telescope, (b) Steward Observatory, The University of Arizona, (c) " +
            "Goddard Space Flight Center, (d) Ames Research Center, (e) National Astronomical Observatory of Japan, (f) " +
            "Pennsylvania State University, (g) IPAC, Caltech, (i) LOGYX, (j) Lockheed Martin Space Corporation, (k) " +
            "Princeton Univ.)");

        Assert.Equal(22, authors.Count);
        Assert.Equal(("Olivier Guyon", "Subaru Telescope; Steward Observatory, The University of Arizona"),
            (authors[0].Name, authors[0].Affiliation));
        Assert.Equal(("Donald W. McCarthy Jr.", "Steward Observatory, The University of Arizona"),
            (authors[10].Name, authors[10].Affiliation));
        Assert.Equal(("Victoria Meadows", "IPAC, Caltech"), (authors[11].Name, authors[11].Affiliation));
        Assert.Equal(("Norman Sleep", null), (authors[14].Name, authors[14].Affiliation));   // (h) is never defined
        Assert.Equal(("Robert Vanderbei", "Princeton Univ."), (authors[18].Name, authors[18].Affiliation));
        Assert.Equal(("Neville J. Woolf", "Steward Observatory, The University of Arizona"),
            (authors[21].Name, authors[21].Affiliation));
    }

    // astro-ph 0607
    [Fact]
    public void CollaborationInAGroupAfterTheLastAuthorIsANameNotAnAffiliation()
    {
        var authors = AuthorListParser.Parse(
            "A. Conley, D. A. Howell, A. Howes, M. Sullivan, P. Astier, D. Balam, S. Basa, R. G. Carlberg, D. Fouchez, J. " +
            "Guy, I. Hook, J. D. Neill, R. Pain, K. Perrett, C. J. Pritchet, N. Regnault, J. Rich, R. Taillet, E. Aubourg, " +
            "J. Bronder, R. S. Ellis, S. Fabbro, M. Filiol, D. Le Borgne, N. Palanque-Delabrouille, S. Perlmutter, P. " +
            "Ripoche (the SNLS Collaboration)");

        Assert.Equal(28, authors.Count);
        Assert.Equal("P. Ripoche", authors[26].Name);
        Assert.Equal("SNLS Collaboration", authors[27].Name);
        Assert.All(authors, a => Assert.Null(a.Affiliation));
    }

    // astro-ph 0302
    [Fact]
    public void ForTheCollaborationAfterACommaIsKeptAsAName()
    {
        AssertAuthors("Rene A. Ong, for the VERITAS Collaboration", A("Rene A. Ong"), A("VERITAS Collaboration"));
    }

    // astro-ph 1111
    [Fact]
    public void ForTheCollaborationWithoutACommaIsSplitFromThePerson()
    {
        AssertAuthors("Amanda Weinstein for the VERITAS Collaboration", A("Amanda Weinstein"), A("VERITAS Collaboration"));
    }

    // astro-ph 0001
    [Fact]
    public void OnBehalfOfTheCollaborationInParenthesesIsAName()
    {
        AssertAuthors("F. Montanet (on behalf of the ANTARES collaboration)", A("F. Montanet"), A("ANTARES collaboration"));
    }

    // astro-ph 0011
    [Fact]
    public void CollaborationAfterAnAffiliation()
    {
        AssertAuthors("Masaki Mori (ICRR, U. Tokyo) for the CANGAROO collaboration",
            A("Masaki Mori", "ICRR, U. Tokyo"), A("CANGAROO collaboration"));
    }

    // astro-ph 0003
    [Fact]
    public void DoubledTheBeforeACollaborationIsDropped()
    {
        AssertAuthors(
            "S. W. Digel, I. V. Moskalenko, J. F. Ormes (NASA/GSFC), P. Sreekumar (Indian Space Research Organization) and " +
            "R. Williamson (Stanford), for the the GLAST Collaboration",
            A("S. W. Digel"), A("I. V. Moskalenko"), A("J. F. Ormes", "NASA/GSFC"),
            A("P. Sreekumar", "Indian Space Research Organization"), A("R. Williamson", "Stanford"), A("GLAST Collaboration"));
    }

    // astro-ph 0302
    [Fact]
    public void CollaborationBeforeAColonThenEtAlDropped()
    {
        AssertAuthors("HEGRA Collaboration: F. Aharonian, A. Akhperjanian, M. Beilicke, et al",
            A("HEGRA Collaboration"), A("F. Aharonian"), A("A. Akhperjanian"), A("M. Beilicke"));
    }

    // astro-ph 0003
    [Fact]
    public void TheCollaborationAfterEtAl()
    {
        AssertAuthors("F. Aharonian, et al, The HEGRA Collaboration", A("F. Aharonian"), A("HEGRA Collaboration"));
    }

    // astro-ph 1001
    [Fact]
    public void EtAlGluedToTheCollaborationWithoutAComma()
    {
        AssertAuthors("A. A. Abdo, M. Ackermann, M. Ajello, et al. The Fermi LAT Collaboration",
            A("A. A. Abdo"), A("M. Ackermann"), A("M. Ajello"), A("Fermi LAT Collaboration"));
    }

    // astro-ph 0302
    [Fact]
    public void AndTheCollaboration()
    {
        AssertAuthors("J. Anthony Tyson and the LSST Collaboration", A("J. Anthony Tyson"), A("LSST Collaboration"));
    }

    // astro-ph 0310
    [Fact]
    public void AndTheTeamAfterARomanNumeralSuffix()
    {
        AssertAuthors("Neal J. Evans II and the c2d Team", A("Neal J. Evans II"), A("c2d Team"));
    }

    // astro-ph 0801
    [Fact]
    public void AdditionalAuthorsNotShownIsNeitherANameNorAnAffiliation()
    {
        AssertAuthors(
            "G. Tagliaferri, L. Foschini, G. Ghisellini, L. Maraschi, G. Tosti and J. Albert, E. Aliu, H. Anderhub, P. " +
            "Antoranz, C. Baixeras, et al. (MAGIC collaboration: 136 additional authors not shown, full list is given in " +
            "the preprint)",
            A("G. Tagliaferri"), A("L. Foschini"), A("G. Ghisellini"), A("L. Maraschi"), A("G. Tosti"), A("J. Albert"),
            A("E. Aliu"), A("H. Anderhub"), A("P. Antoranz"), A("C. Baixeras"));
    }

    // astro-ph 0601
    [Fact]
    public void JrWithoutPeriodAfterACommaBelongsToThePreviousName()
    {
        AssertAuthors("Katharina Lodders, Bruce Fegley, Jr", A("Katharina Lodders"), A("Bruce Fegley Jr"));
    }

    // astro-ph 0608
    [Fact]
    public void JrWithPeriodInTheMiddleOfTheList()
    {
        AssertAuthors(
            "Jason E. Ybarra, Mary Barsony, Karl E. Haisch, Jr., Thomas H. Jarrett, Raghvendra Sahai, and Alycia J. Weinberger",
            A("Jason E. Ybarra"), A("Mary Barsony"), A("Karl E. Haisch Jr."), A("Thomas H. Jarrett"), A("Raghvendra Sahai"),
            A("Alycia J. Weinberger"));
    }

    // astro-ph 1401
    [Fact]
    public void RomanNumeralAfterACommaBelongsToThePreviousName()
    {
        AssertAuthors("Stanton J. Peale, Jean-Luc Margot, Steven A Hauck, II, Sean C. Solomon",
            A("Stanton J. Peale"), A("Jean-Luc Margot"), A("Steven A Hauck II"), A("Sean C. Solomon"));
    }

    // astro-ph 1007
    [Fact]
    public void RomanNumeralWithoutCommaStaysInTheName()
    {
        AssertAuthors("Richard J. Creswick, Shmuel Nussinov, and Frank T. Avignone III",
            A("Richard J. Creswick"), A("Shmuel Nussinov"), A("Frank T. Avignone III"));
    }

    // astro-ph 9902
    [Fact]
    public void SuffixAfterACommaKeepsTheAffiliationThatFollowsIt()
    {
        AssertAuthors(
            "Wesley N. Colley (Harvard CfA), J. Richard Gott, III (Princeton), David H. Weinberg (Ohio St.), Changbom Park " +
            "(Seoul Nat. Univ.), Andreas A. Berlind (Ohio St.)",
            A("Wesley N. Colley", "Harvard CfA"), A("J. Richard Gott III", "Princeton"), A("David H. Weinberg", "Ohio St."),
            A("Changbom Park", "Seoul Nat. Univ."), A("Andreas A. Berlind", "Ohio St."));
    }

    // astro-ph 1003
    [Fact]
    public void JrBeforeAnAffiliation()
    {
        AssertAuthors(
            "Dominique Proust (GEPI, Obs. Paris-Meudon, France), Hugo V. Capelato (DAS INPE, Brazil), Gastao B. Lima Neto " +
            "(IAG USP, Brazil), Laerte Sodre Jr. (IAG USP, Brazil)",
            A("Dominique Proust", "GEPI, Obs. Paris-Meudon, France"), A("Hugo V. Capelato", "DAS INPE, Brazil"),
            A("Gastao B. Lima Neto", "IAG USP, Brazil"), A("Laerte Sodre Jr.", "IAG USP, Brazil"));
    }

    // astro-ph 0809
    [Fact]
    public void NumberGluedToJr()
    {
        AssertAuthors(
            "H.V. Capelato (1), D. Proust (2), G.B. LIma Neto (3), W.A. Santos (3), L. Sodre Jr.(3) ((1) INPE/MCT, (2) " +
            "Observatoire de Paris-Meudon, (3) IAG/USP)",
            A("H.V. Capelato", "INPE/MCT"), A("D. Proust", "Observatoire de Paris-Meudon"), A("G.B. LIma Neto", "IAG/USP"),
            A("W.A. Santos", "IAG/USP"), A("L. Sodre Jr.", "IAG/USP"));
    }

    // astro-ph 9204
    [Fact]
    public void TexAccentsInNamesAreDecoded()
    {
        AssertAuthors(@"Ramesh Narayan, Bohdan Paczy\'nski, and Tsvi Piran",
            A("Ramesh Narayan"), A(TexText.Decode(@"Bohdan Paczy\'nski")), A("Tsvi Piran"));
    }

    // astro-ph pastweek (2023-03)
    [Fact]
    public void CommaInsideTexBracesNeverSplits()
    {
        AssertAuthors(@"Connor J. Cheverall, Nikku Madhusudhan, M{\aa}ns Holmberg",
            A("Connor J. Cheverall"), A("Nikku Madhusudhan"), A(TexText.Decode(@"M{\aa}ns Holmberg")));
    }

    // astro-ph new (2023-03), folded as in the file
    [Fact]
    public void FoldedLinesAreJoinedWithOneSpace()
    {
        AssertAuthors("Patricio A. Mu\\~noz, Meisam Farzalipour Tabriz, Markus Rampp, J\\\"org\n  B\\\"uchner",
            A(TexText.Decode(@"Patricio A. Mu\~noz")), A("Meisam Farzalipour Tabriz"), A("Markus Rampp"),
            A(TexText.Decode(@"J\""org B\""uchner")));
    }

    // astro-ph 0801
    [Fact]
    public void TexAccentsInAffiliationsAreDecoded()
    {
        AssertAuthors(
            @"Ahmad Hujeirat, Max Camenzind and Bernhard W. Keil (ZAH, Landessternwarte K\""onigstuhl (LSW), Universit\""at Heidelberg)",
            A("Ahmad Hujeirat"), A("Max Camenzind"),
            A("Bernhard W. Keil", TexText.Decode(@"ZAH, Landessternwarte K\""onigstuhl (LSW), Universit\""at Heidelberg")));
    }

    // astro-ph 0001
    [Fact]
    public void NestedParenthesesStayInsideTheAffiliation()
    {
        AssertAuthors("Thomas Stanke, Mark J. McCaughrean, Hans Zinnecker (Astrophysikalisches Institut Potsdam (AIP))",
            A("Thomas Stanke"), A("Mark J. McCaughrean"), A("Hans Zinnecker", "Astrophysikalisches Institut Potsdam (AIP)"));
    }

    // astro-ph 0606
    [Fact]
    public void NestedParenthesesInTheMiddleOfAnAffiliation()
    {
        AssertAuthors("A.V. Kuznetsov and N.V. Mikheev (Yaroslavl State (P.G. Demidov) University, Russia)",
            A("A.V. Kuznetsov"), A("N.V. Mikheev", "Yaroslavl State (P.G. Demidov) University, Russia"));
    }

    // astro-ph 0310
    [Fact]
    public void AffiliationAfterACommaStillDescribesThePreviousAuthor()
    {
        AssertAuthors("Luis F. Miranda, (Instituto de Astrofisica de Andalucia (CSIC), Spain)",
            A("Luis F. Miranda", "Instituto de Astrofisica de Andalucia (CSIC), Spain"));
    }

    // astro-ph 0001
    [Fact]
    public void SemicolonInsideAnAffiliationDoesNotSplit()
    {
        AssertAuthors(
            "T. Belloni (Brera. Obs., Italy; Univ. Amsterdam), M. Klein-Wolt (Univ. Amsterdam), M. Mendez (Univ. " +
            "Amsterdam), M. van der Klis (Univ. Amsterdam), J. van Paradijs (Univ. Amsterdam; Univ. Alabama)",
            A("T. Belloni", "Brera. Obs., Italy; Univ. Amsterdam"), A("M. Klein-Wolt", "Univ. Amsterdam"),
            A("M. Mendez", "Univ. Amsterdam"), A("M. van der Klis", "Univ. Amsterdam"),
            A("J. van Paradijs", "Univ. Amsterdam; Univ. Alabama"));
    }

    // astro-ph 0608
    [Fact]
    public void SemicolonsSeparateAuthors()
    {
        AssertAuthors("Z. Meliani; F. Casse; C. Sauty", A("Z. Meliani"), A("F. Casse"), A("C. Sauty"));
    }

    // astro-ph 1205
    [Fact]
    public void AtSignInsideAnAffiliation()
    {
        AssertAuthors("Simon J. Murphy (RSAA/ANU), Warrick A. Lawson (UNSW@ADFA) and Michael S. Bessell (RSAA/ANU)",
            A("Simon J. Murphy", "RSAA/ANU"), A("Warrick A. Lawson", "UNSW@ADFA"), A("Michael S. Bessell", "RSAA/ANU"));
    }

    // astro-ph 1503
    [Fact]
    public void NicknameInParenthesesStaysInTheName()
    {
        AssertAuthors("M. A. (Tony) Barry, Dave Gault, Greg Bolt, Alistair McEwan, Miroslav D. Filipovic, Graeme L. White",
            A("M. A. (Tony) Barry"), A("Dave Gault"), A("Greg Bolt"), A("Alistair McEwan"), A("Miroslav D. Filipovic"),
            A("Graeme L. White"));
    }

    // astro-ph 1811
    [Fact]
    public void CapitalisedAndSeparates()
    {
        AssertAuthors("Brigitte Rocca-Volmerange And Michel Fioc", A("Brigitte Rocca-Volmerange"), A("Michel Fioc"));
    }

    // astro-ph 9405
    [Fact]
    public void AndGluedToTheCommaBeforeIt()
    {
        AssertAuthors("Jonathan Bagger, Erich Poppitz,and Lisa Randall",
            A("Jonathan Bagger"), A("Erich Poppitz"), A("Lisa Randall"));
    }

    [Fact]
    public void EmptyOrBlankIsNobody()
    {
        Assert.Empty(AuthorListParser.Parse(""));
        Assert.Empty(AuthorListParser.Parse("  \n  "));
    }
}
