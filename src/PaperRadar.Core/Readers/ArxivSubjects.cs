using System.Collections.Frozen;
using System.Text.RegularExpressions;
using PaperRadar.Core.Text;

namespace PaperRadar.Core.Readers;

/// <summary>
/// The subjects of arXiv's Dublin Core records (<c>oai_dc</c>): each category by its name ("Computer Science -
/// Computation and Language" for cs.CL, "Nuclear Theory" for nucl-th), primary first, then the paper's MSC-class and
/// ACM-class lines as the authors wrote them ("05A15, 52C07", "F.2.2; G.2.2"). Names are mapped back to category
/// codes; what is not a category name is a classification.
/// </summary>
/// <remarks>
/// arXiv leaves out the alias of a category (math.MP beside math-ph, stat.TH beside math.ST), so a record's codes are
/// its categories less aliases. Names are arXiv's taxonomy, current and former (cs.LG was "Learning" until 2019).
/// </remarks>
internal static partial class ArxivSubjects
{
    private static readonly FrozenDictionary<string, string> CategoryByName = BuildNames();

    /// <summary>The category a subject names, or null when the subject is not a category name.</summary>
    public static string? Category(string subject) =>
        CategoryByName.TryGetValue(subject.Trim(), out var code) ? code : null;

    /// <summary>
    /// Splits subjects into categories (as codes, primary first), MSC classes and ACM classes. A subject that is not a
    /// category name is ACM when every comma- or semicolon-separated part looks like an ACM class, MSC otherwise
    /// (authors put free words there too; they are kept as written).
    /// </summary>
    public static (List<string> Categories, string? MscClass, string? AcmClass) Classify(IEnumerable<string> subjects)
    {
        var categories = new List<string>();
        var msc = new List<string>();
        var acm = new List<string>();
        foreach (var raw in subjects)
        {
            var subject = Whitespace.Collapse(raw);
            if (subject.Length == 0)
            {
                continue;
            }
            if (Category(subject) is { } code)
            {
                if (!categories.Contains(code, StringComparer.Ordinal))
                {
                    categories.Add(code);
                }
                continue;
            }
            var target = IsAcm(subject) ? acm : msc;
            if (!target.Contains(subject, StringComparer.Ordinal))
            {
                target.Add(subject);
            }
        }
        return (categories, msc.Count > 0 ? string.Join("; ", msc) : null, acm.Count > 0 ? string.Join("; ", acm) : null);
    }

    private static bool IsAcm(string subject)
    {
        var parts = subject.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length > 0 && parts.All(p => AcmClass().IsMatch(p));
    }

    // "I.2.7", "F.2.2", "H.3.m", and the undotted "F3.1", "I2.3" some authors write.
    [GeneratedRegex(@"^[A-K]\.?(\d+|m)(\.(\d+|m))?$", RegexOptions.CultureInvariant)]
    private static partial Regex AcmClass();

    private static FrozenDictionary<string, string> BuildNames()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Astrophysics"] = "astro-ph",
            ["Condensed Matter"] = "cond-mat",
            ["General Relativity and Quantum Cosmology"] = "gr-qc",
            ["High Energy Physics - Experiment"] = "hep-ex",
            ["High Energy Physics - Lattice"] = "hep-lat",
            ["High Energy Physics - Phenomenology"] = "hep-ph",
            ["High Energy Physics - Theory"] = "hep-th",
            ["Mathematical Physics"] = "math-ph",
            ["Nuclear Experiment"] = "nucl-ex",
            ["Nuclear Theory"] = "nucl-th",
            ["Quantitative Biology"] = "q-bio",
            ["Quantum Physics"] = "quant-ph",
        };
        void Archive(string name, string prefix, params (string Code, string Name)[] categories)
        {
            foreach (var (code, categoryName) in categories)
            {
                names[$"{name} - {categoryName}"] = $"{prefix}.{code}";
            }
        }
        Archive("Astrophysics", "astro-ph", ("CO", "Cosmology and Nongalactic Astrophysics"),
            ("EP", "Earth and Planetary Astrophysics"), ("GA", "Astrophysics of Galaxies"),
            ("HE", "High Energy Astrophysical Phenomena"), ("IM", "Instrumentation and Methods for Astrophysics"),
            ("SR", "Solar and Stellar Astrophysics"));
        Archive("Condensed Matter", "cond-mat", ("dis-nn", "Disordered Systems and Neural Networks"),
            ("mes-hall", "Mesoscale and Nanoscale Physics"), ("mtrl-sci", "Materials Science"),
            ("other", "Other Condensed Matter"), ("quant-gas", "Quantum Gases"), ("soft", "Soft Condensed Matter"),
            ("stat-mech", "Statistical Mechanics"), ("str-el", "Strongly Correlated Electrons"),
            ("supr-con", "Superconductivity"));
        Archive("Computer Science", "cs", ("AI", "Artificial Intelligence"), ("AR", "Hardware Architecture"),
            ("CC", "Computational Complexity"), ("CE", "Computational Engineering, Finance, and Science"),
            ("CG", "Computational Geometry"), ("CL", "Computation and Language"), ("CR", "Cryptography and Security"),
            ("CV", "Computer Vision and Pattern Recognition"), ("CY", "Computers and Society"), ("DB", "Databases"),
            ("DC", "Distributed, Parallel, and Cluster Computing"), ("DL", "Digital Libraries"),
            ("DM", "Discrete Mathematics"), ("DS", "Data Structures and Algorithms"), ("ET", "Emerging Technologies"),
            ("FL", "Formal Languages and Automata Theory"), ("GL", "General Literature"), ("GR", "Graphics"),
            ("GT", "Computer Science and Game Theory"), ("HC", "Human-Computer Interaction"),
            ("IR", "Information Retrieval"), ("IT", "Information Theory"), ("LG", "Machine Learning"),
            ("LG", "Learning"), ("LO", "Logic in Computer Science"), ("MA", "Multiagent Systems"),
            ("MM", "Multimedia"), ("MS", "Mathematical Software"), ("NA", "Numerical Analysis"),
            ("NE", "Neural and Evolutionary Computing"), ("NI", "Networking and Internet Architecture"),
            ("OH", "Other Computer Science"), ("OS", "Operating Systems"), ("PF", "Performance"),
            ("PL", "Programming Languages"), ("RO", "Robotics"), ("SC", "Symbolic Computation"), ("SD", "Sound"),
            ("SE", "Software Engineering"), ("SI", "Social and Information Networks"), ("SY", "Systems and Control"));
        Archive("Economics", "econ", ("EM", "Econometrics"), ("GN", "General Economics"), ("TH", "Theoretical Economics"));
        Archive("Electrical Engineering and Systems Science", "eess", ("AS", "Audio and Speech Processing"),
            ("IV", "Image and Video Processing"), ("SP", "Signal Processing"), ("SY", "Systems and Control"));
        Archive("Mathematics", "math", ("AC", "Commutative Algebra"), ("AG", "Algebraic Geometry"),
            ("AP", "Analysis of PDEs"), ("AT", "Algebraic Topology"), ("CA", "Classical Analysis and ODEs"),
            ("CO", "Combinatorics"), ("CT", "Category Theory"), ("CV", "Complex Variables"),
            ("DG", "Differential Geometry"), ("DS", "Dynamical Systems"), ("FA", "Functional Analysis"),
            ("GM", "General Mathematics"), ("GN", "General Topology"), ("GR", "Group Theory"),
            ("GT", "Geometric Topology"), ("HO", "History and Overview"), ("IT", "Information Theory"),
            ("KT", "K-Theory and Homology"), ("LO", "Logic"), ("MG", "Metric Geometry"),
            ("MP", "Mathematical Physics"), ("NA", "Numerical Analysis"), ("NT", "Number Theory"),
            ("OA", "Operator Algebras"), ("OC", "Optimization and Control"), ("PR", "Probability"),
            ("QA", "Quantum Algebra"), ("RA", "Rings and Algebras"), ("RT", "Representation Theory"),
            ("SG", "Symplectic Geometry"), ("SP", "Spectral Theory"), ("ST", "Statistics Theory"));
        Archive("Nonlinear Sciences", "nlin", ("AO", "Adaptation and Self-Organizing Systems"),
            ("CD", "Chaotic Dynamics"), ("CG", "Cellular Automata and Lattice Gases"),
            ("PS", "Pattern Formation and Solitons"), ("SI", "Exactly Solvable and Integrable Systems"));
        Archive("Physics", "physics", ("acc-ph", "Accelerator Physics"), ("ao-ph", "Atmospheric and Oceanic Physics"),
            ("app-ph", "Applied Physics"), ("atm-clus", "Atomic and Molecular Clusters"), ("atom-ph", "Atomic Physics"),
            ("bio-ph", "Biological Physics"), ("chem-ph", "Chemical Physics"), ("class-ph", "Classical Physics"),
            ("comp-ph", "Computational Physics"), ("data-an", "Data Analysis, Statistics and Probability"),
            ("ed-ph", "Physics Education"), ("flu-dyn", "Fluid Dynamics"), ("gen-ph", "General Physics"),
            ("geo-ph", "Geophysics"), ("hist-ph", "History and Philosophy of Physics"),
            ("ins-det", "Instrumentation and Detectors"), ("med-ph", "Medical Physics"), ("optics", "Optics"),
            ("plasm-ph", "Plasma Physics"), ("pop-ph", "Popular Physics"), ("soc-ph", "Physics and Society"),
            ("space-ph", "Space Physics"));
        Archive("Quantitative Biology", "q-bio", ("BM", "Biomolecules"), ("CB", "Cell Behavior"), ("GN", "Genomics"),
            ("MN", "Molecular Networks"), ("NC", "Neurons and Cognition"), ("OT", "Other Quantitative Biology"),
            ("PE", "Populations and Evolution"), ("QM", "Quantitative Methods"), ("SC", "Subcellular Processes"),
            ("TO", "Tissues and Organs"));
        Archive("Quantitative Finance", "q-fin", ("CP", "Computational Finance"), ("EC", "Economics"),
            ("GN", "General Finance"), ("MF", "Mathematical Finance"), ("PM", "Portfolio Management"),
            ("PR", "Pricing of Securities"), ("RM", "Risk Management"), ("ST", "Statistical Finance"),
            ("TR", "Trading and Market Microstructure"));
        Archive("Statistics", "stat", ("AP", "Applications"), ("CO", "Computation"), ("ME", "Methodology"),
            ("ML", "Machine Learning"), ("OT", "Other Statistics"), ("TH", "Statistics Theory"));
        return names.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
