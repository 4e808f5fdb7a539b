using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace PaperRadar.Search.Embeddings;

/// <summary>
/// Strips accents as Hugging Face's uncased BERT tokenizer does (decompose, drop the non-spacing marks: "Poincaré" →
/// "Poincare", "й" → "и"), without ICU. The repository runs with invariant globalization, where
/// <see cref="string.Normalize()"/> decomposes nothing, so Microsoft.ML.Tokenizers' own accent stripping would leave
/// "é" as it is and an uncased model would see other tokens than it was trained on.
/// </summary>
internal static class AccentFolding
{
    /// <summary>The first character that can change: the table starts at U+00C0 and the combining marks at U+0300.</summary>
    private const char FirstAccented = '\u00C0';

    /// <summary>
    /// Pairs of a letter and its base letter: every letter of these blocks whose canonical decomposition (NFD) is a
    /// base letter and non-spacing marks, generated once with Python's unicodedata (Unicode 14).
    /// </summary>
    private const string Decompositions =
        // Latin-1 Supplement, Latin Extended-A and -B
        "ÀAÁAÂAÃAÄAÅAÇCÈEÉEÊEËEÌIÍIÎIÏIÑNÒOÓOÔOÕOÖOÙUÚUÛUÜUÝYàaáaâaãaäaåaçcèeéeêeëeìiíiîi" +
        "ïiñnòoóoôoõoöoùuúuûuüuýyÿyĀAāaĂAăaĄAąaĆCćcĈCĉcĊCċcČCčcĎDďdĒEēeĔEĕeĖEėeĘEęeĚEěeĜG" +
        "ĝgĞGğgĠGġgĢGģgĤHĥhĨIĩiĪIīiĬIĭiĮIįiİIĴJĵjĶKķkĹLĺlĻLļlĽLľlŃNńnŅNņnŇNňnŌOōoŎOŏoŐOőo" +
        "ŔRŕrŖRŗrŘRřrŚSśsŜSŝsŞSşsŠSšsŢTţtŤTťtŨUũuŪUūuŬUŭuŮUůuŰUűuŲUųuŴWŵwŶYŷyŸYŹZźzŻZżzŽZ" +
        "žzƠOơoƯUưuǍAǎaǏIǐiǑOǒoǓUǔuǕUǖuǗUǘuǙUǚuǛUǜuǞAǟaǠAǡaǢÆǣæǦGǧgǨKǩkǪOǫoǬOǭoǮƷǯʒǰjǴGǵg" +
        "ǸNǹnǺAǻaǼÆǽæǾØǿøȀAȁaȂAȃaȄEȅeȆEȇeȈIȉiȊIȋiȌOȍoȎOȏoȐRȑrȒRȓrȔUȕuȖUȗuȘSșsȚTțtȞHȟhȦAȧa" +
        "ȨEȩeȪOȫoȬOȭoȮOȯoȰOȱoȲYȳy" +
        // Greek with tonos and dialytika
        "ʹʹΆΑΈΕΉΗΊΙΌΟΎΥΏΩΐιΪΙΫΥάαέεήηίιΰυϊιϋυόούυώωϓϒϔϒ" +
        // Cyrillic
        "ЀЕЁЕЃГЇІЌКЍИЎУЙИйиѐеёеѓгїіќкѝиўуѶѴѷѵӁЖӂжӐАӑаӒАӓаӖЕӗеӚӘӛәӜЖӝжӞЗӟзӢИӣиӤИӥиӦОӧоӪӨӫө" +
        "ӬЭӭэӮУӯуӰУӱуӲУӳуӴЧӵчӸЫӹы" +
        // Latin Extended Additional (Vietnamese and others)
        "ḀAḁaḂBḃbḄBḅbḆBḇbḈCḉcḊDḋdḌDḍdḎDḏdḐDḑdḒDḓdḔEḕeḖEḗeḘEḙeḚEḛeḜEḝeḞFḟfḠGḡgḢHḣhḤHḥhḦHḧh" +
        "ḨHḩhḪHḫhḬIḭiḮIḯiḰKḱkḲKḳkḴKḵkḶLḷlḸLḹlḺLḻlḼLḽlḾMḿmṀMṁmṂMṃmṄNṅnṆNṇnṈNṉnṊNṋnṌOṍoṎOṏo" +
        "ṐOṑoṒOṓoṔPṕpṖPṗpṘRṙrṚRṛrṜRṝrṞRṟrṠSṡsṢSṣsṤSṥsṦSṧsṨSṩsṪTṫtṬTṭtṮTṯtṰTṱtṲUṳuṴUṵuṶUṷu" +
        "ṸUṹuṺUṻuṼVṽvṾVṿvẀWẁwẂWẃwẄWẅwẆWẇwẈWẉwẊXẋxẌXẍxẎYẏyẐZẑzẒZẓzẔZẕzẖhẗtẘwẙyẛſẠAạaẢAảaẤA" +
        "ấaẦAầaẨAẩaẪAẫaẬAậaẮAắaẰAằaẲAẳaẴAẵaẶAặaẸEẹeẺEẻeẼEẽeẾEếeỀEềeỂEểeỄEễeỆEệeỈIỉiỊIịiỌO" +
        "ọoỎOỏoỐOốoỒOồoỔOổoỖOỗoỘOộoỚOớoỜOờoỞOởoỠOỡoỢOợoỤUụuỦUủuỨUứuỪUừuỬUửuỮUữuỰUựuỲYỳyỴY" +
        "ỵyỶYỷyỸYỹy" +
        // Greek Extended (polytonic)
        "ἀαἁαἂαἃαἄαἅαἆαἇαἈΑἉΑἊΑἋΑἌΑἍΑἎΑἏΑἐεἑεἒεἓεἔεἕεἘΕἙΕἚΕἛΕἜΕἝΕἠηἡηἢηἣηἤηἥηἦηἧηἨΗἩΗἪΗἫΗ" +
        "ἬΗἭΗἮΗἯΗἰιἱιἲιἳιἴιἵιἶιἷιἸΙἹΙἺΙἻΙἼΙἽΙἾΙἿΙὀοὁοὂοὃοὄοὅοὈΟὉΟὊΟὋΟὌΟὍΟὐυὑυὒυὓυὔυὕυὖυὗυ" +
        "ὙΥὛΥὝΥὟΥὠωὡωὢωὣωὤωὥωὦωὧωὨΩὩΩὪΩὫΩὬΩὭΩὮΩὯΩὰαάαὲεέεὴηήηὶιίιὸοόοὺυύυὼωώωᾀαᾁαᾂαᾃαᾄαᾅα" +
        "ᾆαᾇαᾈΑᾉΑᾊΑᾋΑᾌΑᾍΑᾎΑᾏΑᾐηᾑηᾒηᾓηᾔηᾕηᾖηᾗηᾘΗᾙΗᾚΗᾛΗᾜΗᾝΗᾞΗᾟΗᾠωᾡωᾢωᾣωᾤωᾥωᾦωᾧωᾨΩᾩΩᾪΩᾫΩᾬΩᾭΩ" +
        "ᾮΩᾯΩᾰαᾱαᾲαᾳαᾴαᾶαᾷαᾸΑᾹΑᾺΑΆΑᾼΑιιῂηῃηῄηῆηῇηῈΕΈΕῊΗΉΗῌΗῐιῑιῒιΐιῖιῗιῘΙῙΙῚΙΊΙῠυῡυῢυΰυῤρ" +
        "ῥρῦυῧυῨΥῩΥῪΥΎΥῬΡῲωῳωῴωῶωῷωῸΟΌΟῺΩΏΩῼΩ";

    private static readonly FrozenDictionary<char, char> BaseLetters = Pairs().ToFrozenDictionary();

    public static string Strip(string text)
    {
        var first = text.AsSpan().IndexOfAnyInRange(FirstAccented, char.MaxValue);
        if (first < 0)
        {
            return text;
        }
        var stripped = new StringBuilder(text.Length);
        stripped.Append(text.AsSpan(0, first));
        foreach (var c in text.AsSpan(first))
        {
            if (BaseLetters.TryGetValue(c, out var letter))
            {
                stripped.Append(letter);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                stripped.Append(c);
            }
        }
        return stripped.ToString();
    }

    private static IEnumerable<KeyValuePair<char, char>> Pairs()
    {
        for (var i = 0; i < Decompositions.Length; i += 2)
        {
            yield return KeyValuePair.Create(Decompositions[i], Decompositions[i + 1]);
        }
    }
}
