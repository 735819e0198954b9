</main>
<footer class="site-footer"><?cs var:L.site.footer ?></footer>
</body>
</html>
