using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Disque.Dashboard.Tests.Browser;

/// <summary>A test with a browser of its own, closed when it ends (passed or failed).</summary>
public abstract class BrowserTest : IDisposable
{
    private readonly Lazy<ChromeDriver> _browser;

    protected BrowserTest(bool javaScript = true) => _browser = new Lazy<ChromeDriver>(() => Chromium.Start(javaScript));

    protected ChromeDriver Browser => _browser.Value;

    protected void Open(string url) => Browser.Navigate().GoToUrl(url);

    protected IWebElement Find(string css) => Browser.FindElement(By.CssSelector(css));

    protected IReadOnlyList<IWebElement> FindAll(string css) => Browser.FindElements(By.CssSelector(css));

    /// <summary>
    /// Reads the page again when the dashboard's script replaced what was being read (it puts
    /// new figures in place every few seconds): what a test reads comes from one version of the page.
    /// </summary>
    protected static T Stable<T>(Func<T> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return read();
            }
            catch (StaleElementReferenceException) when (attempt < 5)
            {
            }
        }
    }

    protected string Text(string css) => Stable(() => Find(css).Text);

    /// <summary>An attribute of every element <paramref name="css"/> finds.</summary>
    protected IReadOnlyList<string?> Attributes(string css, string attribute) => Stable(() => FindAll(css).Select(e => e.GetAttribute(attribute)).ToList());

    /// <summary>The cells' texts of the table row whose <paramref name="attribute"/> is <paramref name="value"/>.</summary>
    protected IReadOnlyList<string> Cells(string attribute, string value) =>
        Stable(() => Find($"tr[{attribute}='{value}']").FindElements(By.TagName("td")).Select(c => c.Text).ToList());

    /// <summary>Clicks the link or button whose text is <paramref name="text"/>.</summary>
    protected void Click(string text) => Stable(() =>
    {
        Browser.FindElement(By.XPath($"//a[normalize-space(.)='{text}'] | //button[normalize-space(.)='{text}']")).Click();
        return true;
    });

    /// <summary>Confirms an action ("Run it") and waits until it ran: the browser left the confirmation page.</summary>
    protected void RunIt()
    {
        Click("Run it");
        WaitForUrl(url => !url.Contains("/confirm", StringComparison.Ordinal), "the action's page after it ran");
    }

    /// <summary>Waits for a navigation that a click started to land.</summary>
    protected void WaitForUrl(Func<string, bool> arrived, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!arrived(Browser.Url))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not reached within 30 s: {what} (at {Browser.Url}).");
            Thread.Sleep(50);
        }
    }

    /// <summary>Clicks what <paramref name="css"/> finds.</summary>
    protected void ClickOn(string css) => Stable(() =>
    {
        Find(css).Click();
        return true;
    });

    public void Dispose()
    {
        if (_browser.IsValueCreated)
        {
            _browser.Value.Quit();
            _browser.Value.Dispose();
        }
        GC.SuppressFinalize(this);
    }
}
