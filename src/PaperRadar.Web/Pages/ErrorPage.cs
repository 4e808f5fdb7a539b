namespace PaperRadar.Web.Pages;

internal static class ErrorPage
{
    public static Html Render(int status, string title, string detail) => Layout.Page(title, Html.Of($"""
        <h1>{title}</h1>
        <p class="note">{detail}</p>
        <p><a href="/">Back to today's papers</a></p>
        """));
}
