<?cs set:Page.Title = Tenant.No + " " + L.points.title ?><?cs include:"layout_head.cs" ?>
<?cs include:"points/tables.cs" ?>
<section class="card wide staff">
  <h1><?cs var:Tenant.No ?> <?cs var:Tenant.Name ?> — <?cs var:L.points.title ?></h1>
  <p class="staff-links"><a href="/staff/points/" id="tenants-link"><?cs var:L.points.staff.back ?></a>
  <?cs if:Points.OverrunCategory ?><a href="/staff/cases/new?tenant=<?cs var:url_escape(Tenant.No) ?>&amp;category=<?cs var:Points.OverrunCategory ?>" id="overrun-case"><?cs var:L.points.staff.overrun_case ?></a><?cs /if ?></p>
  <?cs if:Message.Notice ?><p class="notice" role="status" id="points-notice"><?cs var:Message.Notice ?></p><?cs /if ?>
  <?cs if:Message.Error ?><p class="error-message" role="alert" id="points-error"><?cs var:Message.Error ?></p><?cs /if ?>
  <?cs call:points_periods() ?>
  <?cs if:Selected.Id ?>
  <h2><?cs var:L.points.staff.change_title ?> (<?cs var:Selected.StartsOn ?> ~ <?cs var:Selected.EndsOn ?>)</h2>
  <form method="post" action="<?cs var:Points.Base ?>/contracted" class="form" id="contracted-form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="period" value="<?cs var:Selected.Id ?>">
    <label for="contracted"><?cs var:L.points.staff.contracted_label ?></label>
    <input id="contracted" name="contracted" type="number" min="0" max="9999999" required value="<?cs if:Query.contracted ?><?cs var:Query.contracted ?><?cs else ?><?cs var:Selected.Contracted ?><?cs /if ?>" aria-describedby="contracted-hint">
    <p class="hint" id="contracted-hint"><?cs var:L.points.staff.contracted_hint ?></p>
    <?cs if:Errors.contracted ?><p class="field-error" id="error-contracted"><?cs var:Errors.contracted ?></p><?cs /if ?>
    <button type="submit" class="secondary" id="contracted-button"><?cs var:L.points.staff.contracted_button ?></button>
  </form>
  <form method="post" action="<?cs var:Points.Base ?>/credit" class="form" id="credit-form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <input type="hidden" name="period" value="<?cs var:Selected.Id ?>">
    <label for="credit-points"><?cs var:L.points.staff.credit_label ?></label>
    <input id="credit-points" name="points" type="number" min="1" max="9999999" required value="<?cs var:Query.points ?>">
    <?cs if:Errors.points ?><p class="field-error" id="error-points"><?cs var:Errors.points ?></p><?cs /if ?>
    <label for="credit-reason"><?cs var:L.points.staff.reason_label ?></label>
    <textarea id="credit-reason" name="reason" rows="3" maxlength="500" required><?cs var:Query.reason ?></textarea>
    <?cs if:Errors.reason ?><p class="field-error" id="error-reason"><?cs var:Errors.reason ?></p><?cs /if ?>
    <button type="submit" class="secondary" id="credit-button"><?cs var:L.points.staff.credit_button ?></button>
  </form>
  <?cs /if ?>
  <?cs call:points_ledger() ?>
  <h2><?cs var:L.points.staff.period_title ?></h2>
  <form method="post" action="<?cs var:Points.Base ?>/periods" class="form" id="period-form">
    <input type="hidden" name="csrf" value="<?cs var:CSRF.token ?>">
    <label for="starts-on"><?cs var:L.points.col.starts_on ?></label>
    <input id="starts-on" name="starts_on" type="date" required value="<?cs var:Query.starts_on ?>">
    <?cs if:Errors.starts_on ?><p class="field-error" id="error-starts-on"><?cs var:Errors.starts_on ?></p><?cs /if ?>
    <label for="ends-on"><?cs var:L.points.col.ends_on ?></label>
    <input id="ends-on" name="ends_on" type="date" required value="<?cs var:Query.ends_on ?>">
    <?cs if:Errors.ends_on ?><p class="field-error" id="error-ends-on"><?cs var:Errors.ends_on ?></p><?cs /if ?>
    <label for="period-contracted"><?cs var:L.points.col.contracted ?></label>
    <input id="period-contracted" name="period_contracted" type="number" min="0" max="9999999" required value="<?cs var:Query.period_contracted ?>">
    <?cs if:Errors.period_contracted ?><p class="field-error" id="error-period-contracted"><?cs var:Errors.period_contracted ?></p><?cs /if ?>
    <button type="submit" class="secondary" id="period-button"><?cs var:L.points.staff.period_button ?></button>
  </form>
</section>
<?cs include:"layout_foot.cs" ?>
